import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { parse } from 'yaml';
import { SUBGRAPHS } from '../services';
import { envPrefix, loadConfig, SERVICE_PORTS } from '../services/kit/config';

/** Docker does not run on this machine: these checks keep docker-compose.yml and the Dockerfile honest instead. */
const root = path.join(__dirname, '..');
const compose = parse(readFileSync(path.join(root, 'docker-compose.yml'), 'utf8'), { merge: true }) as {
  services: Record<string, { command?: string[]; environment?: Record<string, string>; deploy?: { replicas?: number }; ports?: string[]; build?: string }>;
};

describe('docker-compose.yml', () => {
  it.each(SUBGRAPHS.map((m) => m.name))('runs the %s subgraph from its built entry, on its port, replicated', (name) => {
    const service = compose.services[name];
    expect(service).toBeDefined();
    const entry = service!.command!.at(-1)!;
    expect(entry).toBe(`dist/services/${name}/main.js`);
    expect(existsSync(path.join(root, entry))).toBe(true);
    expect(existsSync(path.join(root, `services/${name}/main.ts`))).toBe(true);
    expect(Number(service!.environment![`${envPrefix(name)}_PORT`])).toBe(SERVICE_PORTS[name]);
    expect(service!.deploy?.replicas).toBeGreaterThanOrEqual(2);
  });

  it('points the gateway at every subgraph by service name and port', () => {
    const gateway = compose.services.gateway!;
    expect(gateway.command!.at(-1)).toBe('dist/gateway/main.js');
    expect(existsSync(path.join(root, 'dist/gateway/main.js'))).toBe(true);
    expect(gateway.ports).toContain('4000:4000');
    for (const { name } of SUBGRAPHS) {
      expect(gateway.environment![`${envPrefix(name)}_URL`]).toBe(`http://${name}:${SERVICE_PORTS[name]}/graphql`);
    }
  });

  it('lets services find each other by service name wherever a subgraph URL is set', () => {
    for (const service of Object.values(compose.services)) {
      for (const { name } of SUBGRAPHS) {
        const url = service.environment?.[`${envPrefix(name)}_URL`];
        if (url !== undefined) expect(url).toBe(`http://${name}:${SERVICE_PORTS[name]}/graphql`);
      }
    }
    expect(compose.services['elderly-care']!.environment!.COMMUNITY_URL).toBeDefined();
  });

  it('gives every service a configuration that passes start-up validation', () => {
    for (const [name, service] of Object.entries(compose.services)) {
      if (name === 'postgres') continue;
      const env = Object.fromEntries(
        Object.entries(service.environment ?? {}).map(([k, v]) => [k, String(v).replace(/\$\{\w+:-([^}]*)\}/g, '$1')]),
      );
      expect(() => loadConfig(env)).not.toThrow();
      expect(loadConfig(env).production).toBe(true);
    }
  });
});

describe('Dockerfile', () => {
  it('builds the same dist/ that docker-compose runs, with the schema beside it', () => {
    const dockerfile = readFileSync(path.join(root, 'Dockerfile'), 'utf8');
    expect(dockerfile).toMatch(/RUN npm ci/);
    expect(dockerfile).toMatch(/RUN npm run build/);
    expect(dockerfile).toMatch(/COPY --from=build \/app\/dist/);
    expect(dockerfile).toMatch(/COPY --from=build \/app\/schema/);
  });
});
