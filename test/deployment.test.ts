import { existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { parse } from 'yaml';
import { SUBGRAPHS } from '../services';
import { envPrefix, loadConfig, SERVICE_PORTS, type ServiceName } from '../services/kit/config';
import { declaredVariables } from '../services/kit/variables';

/**
 * The registry (services/index.ts) is the one list of subgraphs: these checks hold the kit's port table, the
 * folders, docker-compose.yml and the Dockerfile to it. Docker does not run on this machine, so the compose file and
 * the Dockerfile are checked as text.
 */
const root = path.join(__dirname, '..');
const names = SUBGRAPHS.map((module) => module.name);
const defaults = loadConfig({});

/** Folders of services/ that are shared code, not subgraphs (as eslint.config.mjs says too). */
const SHARED_FOLDERS = ['kit', 'demo', 'domain'];

/** Every `.ts` file under a folder. */
const sourceFiles = (dir: string): string[] =>
  readdirSync(dir, { withFileTypes: true }).flatMap((entry) =>
    entry.isDirectory() ? sourceFiles(path.join(dir, entry.name)) : entry.name.endsWith('.ts') ? [path.join(dir, entry.name)] : [],
  );

/** The subgraphs a subgraph calls through `ctx.peer('<name>')`: their URLs must reach it wherever it runs. */
const peersOf = (name: ServiceName) =>
  new Set(sourceFiles(path.join(root, 'services', name)).flatMap((file) => [...readFileSync(file, 'utf8').matchAll(/\.peer\(\s*'([a-z-]+)'/g)].map((m) => m[1]!)));

describe('the registry of subgraphs', () => {
  it('holds every subgraph folder of services/ exactly once', () => {
    const folders = readdirSync(path.join(root, 'services'), { withFileTypes: true })
      .filter((entry) => entry.isDirectory() && !SHARED_FOLDERS.includes(entry.name))
      .map((entry) => entry.name);
    expect([...names].sort()).toEqual(folders.sort());
    expect(new Set(names).size).toBe(names.length);
  });

  it('agrees with the kit\'s port table: each subgraph has its own port, none the gateway\'s', () => {
    for (const name of names) expect(Object.keys(SERVICE_PORTS)).toContain(name);
    const ports = names.map((name) => defaults.services[name].port);
    expect(ports).toEqual(names.map((name) => SERVICE_PORTS[name]));
    expect(new Set([...ports, defaults.gatewayPort]).size).toBe(ports.length + 1);
  });

  it('keeps each subgraph\'s tables in a PostgreSQL schema named after it, as the one drizzle.config.ts assumes', () => {
    for (const module of SUBGRAPHS) {
      expect(module.pgSchema).toBe(module.name.replace(/-/g, '_'));
      expect(existsSync(path.join(root, 'services', module.name, 'tables.ts'))).toBe(true);
      expect(existsSync(path.join(root, 'services', module.name, 'migrations', 'meta', '_journal.json'))).toBe(true);
      expect(existsSync(path.join(root, 'services', module.name, 'drizzle.config.ts'))).toBe(false);
    }
  });

  it('lists a subgraph after the subgraphs it calls, so a one-process start knows where they listen', () => {
    for (const [i, name] of names.entries()) {
      for (const peer of peersOf(name)) expect(names.slice(0, i)).toContain(peer);
    }
  });
});

const compose = parse(readFileSync(path.join(root, 'docker-compose.yml'), 'utf8'), { merge: true }) as {
  services: Record<
    string,
    {
      command?: string[];
      environment?: Record<string, string>;
      deploy?: { replicas?: number };
      ports?: string[];
      build?: string;
      depends_on?: string[] | Record<string, unknown>;
      healthcheck?: { test?: string[] };
    }
  >;
};
const urlInCompose = (name: ServiceName) => `http://${name}:${SERVICE_PORTS[name]}/graphql`;
const dependsOn = (service: { depends_on?: string[] | Record<string, unknown> }) =>
  Array.isArray(service.depends_on) ? service.depends_on : Object.keys(service.depends_on ?? {});

describe('docker-compose.yml', () => {
  it('runs exactly the registered subgraphs, the gateway and PostgreSQL', () => {
    expect(Object.keys(compose.services).sort()).toEqual([...names, 'gateway', 'postgres'].sort());
  });

  it.each(names)('runs the %s subgraph from its built entry, on its port, replicated, checked on that port', (name) => {
    const service = compose.services[name]!;
    const entry = service.command!.at(-1)!;
    expect(entry).toBe(`dist/services/${name}/main.js`);
    expect(existsSync(path.join(root, entry))).toBe(true);
    expect(existsSync(path.join(root, `services/${name}/main.ts`))).toBe(true);
    expect(Number(service.environment![`${envPrefix(name)}_PORT`])).toBe(SERVICE_PORTS[name]);
    expect(service.deploy?.replicas).toBeGreaterThanOrEqual(2);
    expect(service.healthcheck!.test!.join(' ')).toContain(`localhost:${SERVICE_PORTS[name]}/readyz`);
  });

  it.each(names)('tells %s where each subgraph it calls listens', (name) => {
    for (const peer of peersOf(name)) {
      expect(compose.services[name]!.environment![`${envPrefix(peer as ServiceName)}_URL`]).toBe(urlInCompose(peer as ServiceName));
    }
  });

  it('points the gateway at every subgraph by service name and port, and starts it after them', () => {
    const gateway = compose.services.gateway!;
    expect(gateway.command!.at(-1)).toBe('dist/gateway/main.js');
    expect(existsSync(path.join(root, 'dist/gateway/main.js'))).toBe(true);
    expect(gateway.ports).toContain(`${defaults.gatewayPort}:${defaults.gatewayPort}`);
    for (const name of names) {
      expect(gateway.environment![`${envPrefix(name)}_URL`]).toBe(urlInCompose(name));
      expect(dependsOn(gateway)).toContain(name);
    }
  });

  it('lets services find each other by service name wherever a subgraph URL is set', () => {
    for (const service of Object.values(compose.services)) {
      for (const name of names) {
        const url = service.environment?.[`${envPrefix(name)}_URL`];
        if (url !== undefined) expect(url).toBe(urlInCompose(name));
      }
    }
  });

  it('sets only variables the configuration declares (a misspelt name would be ignored silently)', () => {
    loadConfig({});
    for (const module of SUBGRAPHS) module.settings?.({});
    const known = new Set(declaredVariables().map((v) => v.name));
    for (const name of [...names, 'gateway']) {
      const unknown = Object.keys(compose.services[name]!.environment ?? {}).filter((variable) => !known.has(variable));
      expect({ service: name, unknown }).toEqual({ service: name, unknown: [] });
    }
  });

  it('waits for a healthy PostgreSQL before any subgraph, and for healthy subgraphs before the gateway', () => {
    expect(compose.services.postgres!.healthcheck!.test!.join(' ')).toContain('pg_isready');
    for (const name of names) expect(compose.services[name]!.depends_on).toEqual({ postgres: { condition: 'service_healthy' } });
    for (const name of names) expect((compose.services.gateway!.depends_on as Record<string, unknown>)[name]).toEqual({ condition: 'service_healthy' });
  });

  it('publishes a host port only where there is one replica (replicas cannot share one)', () => {
    for (const service of Object.values(compose.services)) {
      if (service.ports?.length) expect(service.deploy?.replicas ?? 1).toBe(1);
    }
  });

  it('gives every service a configuration that passes start-up validation', () => {
    for (const name of [...names, 'gateway']) {
      const env = Object.fromEntries(
        Object.entries(compose.services[name]!.environment ?? {}).map(([k, v]) => [k, String(v).replace(/\$\{\w+:-([^}]*)\}/g, '$1')]),
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

  it('runs production dependencies only, as a non-root user, on node:20-slim, with a health check', () => {
    const dockerfile = readFileSync(path.join(root, 'Dockerfile'), 'utf8');
    const runtime = dockerfile.slice(dockerfile.lastIndexOf('\nFROM '));
    expect(runtime).toMatch(/^\nFROM node:20-slim\n/);
    expect(runtime).toMatch(/RUN npm ci --omit=dev/);
    expect(runtime).not.toMatch(/npm run build|typescript|tsc/);
    expect(runtime).toMatch(/^USER node$/m);
    expect(runtime).toMatch(/^HEALTHCHECK .*dist\/scripts\/healthcheck\.js/m);
    // The young generation the benchmark measured (test/bench/run.ts starts the production layout with these options).
    expect(runtime).toMatch(/^ENV NODE_OPTIONS=--max-semi-space-size=64$/m);
    expect(existsSync(path.join(root, 'dist/scripts/healthcheck.js'))).toBe(true);
  });

  it.each(names)('ships the %s subgraph\'s entry and migrations in dist/ (what `npm run build` makes)', (name) => {
    const ignored = readFileSync(path.join(root, '.dockerignore'), 'utf8').split('\n').map((line) => line.trim());
    expect(ignored).not.toContain('services');
    expect(existsSync(path.join(root, 'dist/services', name, 'main.js'))).toBe(true);
    expect(readdirSync(path.join(root, 'dist/services', name, 'migrations')).filter((f) => f.endsWith('.sql'))).toEqual(
      readdirSync(path.join(root, 'services', name, 'migrations')).filter((f) => f.endsWith('.sql')),
    );
  });
});
