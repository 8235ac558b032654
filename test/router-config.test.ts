import { readFileSync } from 'node:fs';
import path from 'node:path';
import { parse } from 'yaml';
import { SUBGRAPHS } from '../services';
import { GATEWAY_HEADER } from '../services/kit/auth';
import { envPrefix, loadConfig, SERVICE_PORTS } from '../services/kit/config';
import { BODY_LIMIT } from '../services/kit/limits';

const QUERY_LIMITS = loadConfig({ NODE_ENV: 'test' }).queryLimits;

/** deploy/router.yaml (Apollo Router) must give subgraphs what the Node gateway gives them, under the same limits. */
const root = path.join(__dirname, '..');
type HeaderRule = { propagate?: { named: string }; insert?: { name: string; value: string } };
const router = parse(readFileSync(path.join(root, 'deploy/router.yaml'), 'utf8')) as {
  supergraph: { path: string; introspection: boolean };
  override_subgraph_url: Record<string, string>;
  headers: { all: { request: HeaderRule[] } };
  limits: Record<string, number>;
  traffic_shaping: { all: { timeout: string } };
  cors: { allow_credentials: boolean; policies: { origins: string[]; allow_headers: string[] }[] };
};
const defaults = loadConfig({});

describe('deploy/router.yaml', () => {
  it('propagates the token and the request id, and adds the gateway credential from the environment', () => {
    const rules = router.headers.all.request;
    const propagated = rules.flatMap((rule) => (rule.propagate ? [rule.propagate.named] : []));
    expect(propagated).toEqual(expect.arrayContaining(['authorization', 'x-request-id']));
    expect(rules.find((rule) => rule.insert?.name === GATEWAY_HEADER)?.insert?.value).toBe('${env.GATEWAY_SECRET}');
  });

  it('routes to every registered subgraph by service name, under the name the supergraph gives it', () => {
    const supergraph = readFileSync(path.join(root, 'schema/supergraph.graphql'), 'utf8');
    const graphs = [...supergraph.matchAll(/@join__graph\(name: "([^"]+)"/g)].map((m) => m[1]).sort();
    expect(Object.keys(router.override_subgraph_url).sort()).toEqual(graphs);
    for (const { name } of SUBGRAPHS) {
      expect(router.override_subgraph_url[name]).toBe(`\${env.${envPrefix(name)}_URL:-http://${name}:${SERVICE_PORTS[name]}/graphql}`);
    }
  });

  it('applies the gateway\'s limits and per-subgraph timeout, at the gateway\'s path, without introspection', () => {
    expect(router.limits).toMatchObject({ max_depth: QUERY_LIMITS.maxDepth, max_aliases: QUERY_LIMITS.maxAliases, parser_max_tokens: QUERY_LIMITS.maxTokens });
    expect(router.limits.http_max_request_bytes).toBe(Number.parseInt(BODY_LIMIT, 10) * 1024);
    expect(router.traffic_shaping.all.timeout).toBe(`${defaults.subgraphTimeoutMs / 1000}s`);
    expect(router.supergraph).toMatchObject({ path: '/graphql', introspection: false });
  });

  it('allows browser frontends from listed origins only, with the headers a client sends', () => {
    expect(router.cors.allow_credentials).toBe(false);
    for (const policy of router.cors.policies) {
      expect(policy.origins.length).toBeGreaterThan(0);
      expect(policy.origins).not.toContain('*');
      expect(policy.allow_headers).toEqual(expect.arrayContaining(['authorization', 'content-type', 'x-request-id']));
    }
  });
});
