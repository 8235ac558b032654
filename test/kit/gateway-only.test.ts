import { ApolloServer } from '@apollo/server';
import { ApolloServerPluginInlineTraceDisabled } from '@apollo/server/plugin/disabled';
import { buildSubgraphSchema } from '@apollo/subgraph';
import { parse } from 'graphql';
import { GATEWAY_HEADER } from '../../services/kit/auth';
import { gatewayOnlyPlugin, reachesGatewayOnlyField, sameSecret } from '../../services/kit/subgraph';
import { GATEWAY_ONLY_FORMS } from '../support/gateway-only';

/**
 * The gateway-only guard (kit/subgraph) in-process, on a one-entity subgraph: what test/security/entities-guard.test.ts
 * checks over HTTP on every subgraph, here in a second, so that mutation testing can afford it.
 */
// Made by the first test that asks, not as the file loads: mutation testing then runs a mutant of the guard against
// the tests that reach it, not against every test as it must for load-time code.
let server: ApolloServer<{ fromGateway: boolean }> | undefined;
const serverOf = () =>
  (server ??= new ApolloServer<{ fromGateway: boolean }>({
    schema: buildSubgraphSchema({
      typeDefs: parse(`
        extend schema @link(url: "https://specs.apollo.dev/federation/v2.7", import: ["@key"])
        type Query { thing(id: ID!): Thing }
        type Thing @key(fields: "id") { id: ID! name: String }
      `),
      resolvers: { Query: { thing: (_: unknown, { id }: { id: string }) => ({ id, name: `thing ${id}` }) } },
    }),
    plugins: [gatewayOnlyPlugin(), ApolloServerPluginInlineTraceDisabled()],
  }));
afterAll(() => server?.stop());

async function ask(request: { query: string; operationName?: string }, fromGateway: boolean) {
  const response = await serverOf().executeOperation(request, { contextValue: { fromGateway } });
  if (response.body.kind !== 'single') throw new Error('expected a single result');
  const { data, errors } = response.body.singleResult;
  return { status: response.http.status ?? 200, data, errors: errors?.map((e) => ({ message: e.message, code: e.extensions?.code })) };
}

describe('the gateway-only guard', () => {
  it.each(GATEWAY_ONLY_FORMS)('refuses %s to a caller without the gateway credential, with 403 and nothing else', async (_what, request) => {
    expect(await ask(request, false)).toEqual({
      status: 403,
      data: undefined,
      errors: [{ message: '_entities and _service answer only the OneGrid gateway.', code: 'FORBIDDEN' }],
    });
  });

  it.each(GATEWAY_ONLY_FORMS)('lets the gateway run %s', async (_what, request) => {
    const answer = await ask(request, true);
    expect(answer.errors ?? []).not.toContainEqual(expect.objectContaining({ code: 'FORBIDDEN' }));
    expect(answer.data).toBeDefined();
  });

  it('answers the gateway the subgraph schema, and other callers every other field', async () => {
    const sdl = await ask({ query: '{ _service { sdl } }' }, true);
    expect(sdl.data).toEqual({ _service: { sdl: expect.stringContaining('type Thing') } });
    expect(await ask({ query: 'query A { __typename } query B { thing(id: "7") { name } }', operationName: 'B' }, false)).toEqual({
      status: 200,
      data: { thing: { name: 'thing 7' } },
      errors: undefined,
    });
  });
});

describe('reachesGatewayOnlyField (on documents that were not validated)', () => {
  const reaches = (query: string) => reachesGatewayOnlyField(parse(query));
  it('ends on fragments that spread each other, finding what a cycle leads to', () => {
    expect(reaches('query { ...A } fragment A on Query { ...B } fragment B on Query { ...A }')).toBe(false);
    expect(reaches('query { ...A } fragment A on Query { ...B } fragment B on Query { ...A _service { sdl } }')).toBe(true);
  });

  it('passes over a fragment the document does not define', () => {
    expect(reaches('query { ...Missing __typename }')).toBe(false);
    expect(reaches('query { ...Missing _entities { __typename } }')).toBe(true);
  });

  it('looks only at root fields of operations: not nested fields, not an unused fragment', () => {
    expect(reaches('query { thing { _service } }')).toBe(false);
    expect(reaches('query { thing { id } } fragment Unused on Query { _service { sdl } }')).toBe(false);
    expect(reaches('query { __typename } mutation { _entities }')).toBe(true);
  });
});

describe('the gateway credential', () => {
  it('travels in the header deploy/router.yaml inserts (test/router-config.test.ts checks that side)', () => {
    expect(GATEWAY_HEADER).toBe('x-onegrid-gateway');
  });

  it('matches only itself: not missing, empty, shorter, longer or another', () => {
    const secret = 'a-gateway-credential';
    expect(sameSecret(secret, secret)).toBe(true);
    for (const given of [undefined, '', secret.slice(0, -1), `${secret}x`, 'g'.repeat(8000), 'b-gateway-credential']) {
      expect(sameSecret(given, secret)).toBe(false);
    }
  });

  it('is never an empty one, even where none was configured', () => {
    expect(sameSecret('', '')).toBe(false);
    expect(sameSecret(undefined, '')).toBe(false);
  });
});
