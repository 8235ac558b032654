// The OneGrid explorer: GraphiQL with the example operations of schema/operations as tabs and the token in the header
// editor. Bundled at build time (scripts/build-explorer.ts): nothing is fetched from outside the service.
import 'graphiql/setup-workers/vite';
import 'graphiql/style.css';
import './page.css';
import { GraphiQL } from 'graphiql';
import { buildClientSchema, getIntrospectionQuery, parse, validate, type GraphQLSchema, type IntrospectionQuery } from 'graphql';
import { createRoot } from 'react-dom/client';

interface Example {
  query: string;
  variables?: string;
  headers: string;
}

/** The page is /graphiql/ of a gateway or a subgraph; its API is that service's /graphql. */
const endpoint = new URL('../graphql', window.location.href).toString();

const files = import.meta.glob<string>('../schema/operations/*.graphql', { query: '?raw', import: 'default', eager: true });

/** JSON laid out for the editor; text that is not JSON is shown as written. */
function pretty(text: string): string {
  try {
    return JSON.stringify(JSON.parse(text), null, 2);
  } catch {
    return text;
  }
}

/** Each file's header comment says which token and variables it takes (`# Token: …`, `# Variables: {…}`). */
function example(text: string): Example {
  const variables = /^# Variables: (.+)$/m.exec(text)?.[1];
  const token = /^# Token: (.+)$/m.exec(text)?.[1]?.trim();
  const authorization = `Bearer <${token ?? 'a token'}>`;
  return {
    query: text,
    variables: variables ? pretty(variables) : undefined,
    headers: JSON.stringify({ Authorization: authorization }, null, 2),
  };
}

/** A header still holding its `<…>` placeholder is not a token: leave it out so public fields answer. */
const sentHeaders = (headers: Record<string, unknown> | undefined) =>
  Object.fromEntries(Object.entries(headers ?? {}).filter(([, value]) => !(typeof value === 'string' && value.includes('<'))));

async function fetcher(params: unknown, options?: { headers?: Record<string, unknown> }) {
  const response = await fetch(endpoint, {
    method: 'POST',
    headers: { 'content-type': 'application/json', accept: 'application/graphql-response+json, application/json', ...sentHeaders(options?.headers) },
    body: JSON.stringify(params),
  });
  return response.json();
}

/**
 * The service's schema, or undefined where introspection is off (production). Asked once here with type references
 * 4 levels deep (`[X!]!` needs 3): GraphiQL's own query nests 15 levels, beyond the gateway's depth limit.
 */
async function loadSchema(): Promise<GraphQLSchema | undefined> {
  try {
    const answer = (await fetcher({ query: getIntrospectionQuery({ typeDepth: 4, inputValueDeprecation: true }) })) as { data?: IntrospectionQuery };
    return answer.data ? buildClientSchema(answer.data) : undefined;
  } catch {
    return undefined;
  }
}

async function main() {
  const schema = await loadSchema();
  // A subgraph serves only its part of the supergraph: offer the examples it can answer.
  const examples = Object.keys(files)
    .sort()
    .map((file) => files[file]!)
    .filter((text) => !schema || validate(schema, parse(text)).length === 0)
    .map(example);
  createRoot(document.getElementById('explorer')!).render(
    <GraphiQL
      fetcher={fetcher}
      schema={schema}
      defaultTabs={examples.length ? examples : undefined}
      defaultHeaders={JSON.stringify({ Authorization: 'Bearer <a token: npm run -s token -- --role admin>' }, null, 2)}
      defaultEditorToolsVisibility="headers"
      isHeadersEditorEnabled
    />,
  );
}

void main();
