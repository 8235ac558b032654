import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { composeServices } from '@apollo/composition';
import { Kind, parse, validate, type GraphQLSchema } from 'graphql';
import { SUBGRAPHS } from '../services';

/**
 * The example operations a frontend team copies (schema/operations/*.graphql, and every GraphQL operation in the
 * README) must be valid against the composed API schema that the gateway serves.
 */
const root = path.join(__dirname, '..');

function apiSchema(): GraphQLSchema {
  const composed = composeServices(
    SUBGRAPHS.map((module) => ({ name: module.name, url: 'http://unused', typeDefs: parse(readFileSync(path.join(root, 'schema', `${module.name}.graphql`), 'utf8')) })),
  );
  if (!composed.schema) throw new Error(composed.errors?.map((e) => e.message).join('\n'));
  return composed.schema.toAPISchema().toGraphQLJSSchema();
}

const operationFiles = readdirSync(path.join(root, 'schema', 'operations'))
  .filter((file) => file.endsWith('.graphql'))
  .map((file) => [`schema/operations/${file}`, readFileSync(path.join(root, 'schema', 'operations', file), 'utf8')] as const);
const readmeOperations = [...readFileSync(path.join(root, 'README.md'), 'utf8').matchAll(/```graphql\n([\s\S]*?)```/g)]
  .map((match, i) => [`README.md, GraphQL block ${i + 1}`, match[1]!] as const)
  .filter(([, text]) => parse(text).definitions.every((d) => d.kind === Kind.OPERATION_DEFINITION || d.kind === Kind.FRAGMENT_DEFINITION));

describe('example operations', () => {
  const schema = apiSchema();
  it('include the README examples', () => {
    expect(readmeOperations.length).toBeGreaterThanOrEqual(2);
    expect(operationFiles.length).toBeGreaterThanOrEqual(4);
  });
  it.each([...operationFiles, ...readmeOperations])('%s is valid against the composed API schema', (_where, text) => {
    expect(validate(schema, parse(text)).map((error) => error.message)).toEqual([]);
  });
});
