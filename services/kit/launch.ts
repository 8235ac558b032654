import net from 'node:net';
import { envPrefix, loadConfigOrExit, type Config, type ServiceName } from './config';
import { DatabaseUnreachable, openDatabase, type DatabaseHandle, type OpenOptions } from './db';
import type { RunningServer } from './http';
import { createLogger, type Logger } from './logger';
import { onShutdown } from './shutdown';
import { startTracing } from './tracing';
import { prepareDatabase, startSubgraph, type AnySubgraphModule, type RunningSubgraph } from './subgraph';
export type { AnySubgraphModule } from './subgraph';

/** A start-up failure a person can fix without reading code: printed as one line, never as a stack trace. */
export class LaunchError extends Error {
  override name = 'LaunchError';
}

/** The variable that sets a service's port: `GATEWAY_PORT`, `COMMUNITY_PORT`, … */
export const portVariable = (service: ServiceName | 'gateway') => `${service === 'gateway' ? 'GATEWAY' : envPrefix(service)}_PORT`;

function portProblem(error: unknown, port: number, variable: string): LaunchError | undefined {
  const code = (error as { code?: unknown } | undefined)?.code;
  if (code === 'EADDRINUSE') {
    return new LaunchError(`Port ${port} is already in use: stop the program holding it, or set ${variable} to a free port.`);
  }
  if (code === 'EACCES') {
    return new LaunchError(`Port ${port} needs privileges this process lacks: set ${variable} to a port above 1023.`);
  }
  return undefined;
}

/** Fails fast, before databases are opened and seeded, when a port this start needs is taken. */
async function assertPortFree(port: number, variable: string): Promise<void> {
  const probe = net.createServer();
  await new Promise<void>((resolve, reject) => {
    probe.once('error', (error) => reject(portProblem(error, port, variable) ?? error));
    // Bound like the HTTP servers themselves (every address), so the probe sees what they would.
    probe.listen(port, () => probe.close(() => resolve()));
  });
}

/** Starts `start` on `port`, turning "port taken" into a one-line LaunchError naming the variable to change. */
async function listenOn<Server extends RunningServer>(port: number, variable: string, start: () => Promise<Server>): Promise<Server> {
  try {
    return await start();
  } catch (error) {
    throw (port !== 0 && portProblem(error, port, variable)) || error;
  }
}

/** The variable a service's database URL came from: its own `<SERVICE>_DATABASE_URL`, else the shared `DATABASE_URL`. */
export const databaseUrlVariable = (service: ServiceName, env: Readonly<NodeJS.ProcessEnv>) => {
  const own = `${envPrefix(service)}_DATABASE_URL`;
  return env[own] ? own : 'DATABASE_URL';
};

/** Opens a service's database; one that cannot be reached becomes a one-line LaunchError naming the variable to fix. */
async function openFor(service: ServiceName, url: string | undefined, config: Config, open: NonNullable<LaunchOptions['openDatabase']>) {
  try {
    return await open(url, { connectTimeoutMs: config.databaseConnectTimeoutMs, poolSize: config.databasePoolSize });
  } catch (error) {
    if (!(error instanceof DatabaseUnreachable)) throw error;
    throw new LaunchError(
      `${databaseUrlVariable(service, config.env)} names database "${error.database}" on ${error.host}, which cannot be opened: ${error.reason}.`,
    );
  }
}

/** A subgraph this launch started, as the gateway needs to know it. */
export interface LaunchedSubgraph {
  module: AnySubgraphModule;
  server: RunningSubgraph;
}

/** Starts the gateway once the subgraphs listen; `config.services` already holds the URLs they listen on. */
export type GatewayStarter = (options: { config: Config; log: Logger; port?: number; subgraphs: LaunchedSubgraph[] }) => Promise<RunningServer>;

export interface LaunchOptions {
  config: Config;
  log: Logger;
  /** The subgraphs this process serves, in registry order: each knows where the ones before it listen (peer calls). */
  subgraphs: readonly AnySubgraphModule[];
  /** The gateway, when this process serves it (passed in: the kit does not import the gateway, which imports the kit). */
  gateway?: GatewayStarter;
  /** `configured`: each service's own port (default); `any`: free ports, for tests running side by side. */
  ports?: 'configured' | 'any';
  /** Seeds empty databases with the demo district; defaults to the configuration's SEED_DEMO_DATA. */
  seed?: boolean;
  /** The process's name in its traces, unless OTEL_SERVICE_NAME says otherwise (default: what it serves). */
  name?: string;
  /** Opens the database at a URL (none: an embedded PGlite); tests pass a throwaway database. */
  openDatabase?: (url: string | undefined, options: OpenOptions) => Promise<DatabaseHandle>;
}

export interface Launched {
  /** The configuration with the URLs the started subgraphs really listen on. */
  config: Config;
  subgraphs: Partial<Record<ServiceName, RunningServer>>;
  gateway?: RunningServer;
  /** The database each started subgraph uses. */
  databaseOf(service: ServiceName): DatabaseHandle;
  /** Stops the gateway, then the subgraphs (each drains its in-flight requests), then closes the databases. */
  stop(): Promise<void>;
}

/**
 * The one start-up of every process (npm start, a standalone subgraph, the gateway alone, the test stack): opens
 * the databases (ONE handle per distinct URL, so subgraphs without a URL share one embedded PGlite, each in its
 * own schema), migrates and seeds, starts the subgraphs, then the gateway. On failure it stops what it started.
 */
export async function launch(options: LaunchOptions): Promise<Launched> {
  const { log } = options;
  const anyPort = options.ports === 'any';
  const seed = options.seed ?? options.config.seedDemoData;
  const open = options.openDatabase ?? openDatabase;
  const services = { ...options.config.services };
  const portOf = (service: ServiceName | 'gateway') =>
    anyPort ? 0 : service === 'gateway' ? options.config.gatewayPort : services[service].port;
  if (!anyPort) {
    const needed = [...options.subgraphs.map((module) => module.name), ...(options.gateway ? (['gateway'] as const) : [])];
    for (const service of needed) await assertPortFree(portOf(service), portVariable(service));
  }

  // First, so that every server this launch starts traces its requests (when an OTLP endpoint is configured).
  const tracing = await startTracing(options.config.otlpEndpoint, options.config.otelServiceName ?? options.name ?? processName(options));
  const handles = new Map<string, Promise<DatabaseHandle>>();
  const handleOf = new Map<ServiceName, DatabaseHandle>();
  const subgraphs: Partial<Record<ServiceName, RunningServer>> = {};
  const launchedSubgraphs: LaunchedSubgraph[] = [];
  let gateway: RunningServer | undefined;
  const stop = async () => {
    // Dependents first (the gateway, then subgraphs that call earlier ones), databases last; one failed step
    // does not keep the others from running.
    const steps = [
      async () => void (await gateway?.stop()),
      ...[...launchedSubgraphs].reverse().map(({ server }) => server.stop),
      async () => {
        const opened = await Promise.allSettled(handles.values());
        await Promise.all(opened.flatMap((result) => (result.status === 'fulfilled' ? [result.value.close()] : [])));
      },
      // Last: exports the spans of the requests drained above.
      () => tracing.stop(),
    ];
    const failures: unknown[] = [];
    for (const step of steps) await step().catch((error: unknown) => failures.push(error));
    if (failures.length > 0) throw new AggregateError(failures, `${failures.length} shutdown step(s) failed`);
  };

  try {
    for (const module of options.subgraphs) {
      const url = services[module.name].databaseUrl;
      const key = url ?? 'embedded';
      if (!handles.has(key)) handles.set(key, openFor(module.name, url, options.config, open));
      const handle = await handles.get(key)!;
      handleOf.set(module.name, handle);
      await prepareDatabase(module, handle, { seed });
      const port = portOf(module.name);
      const config = { ...options.config, services: { ...services } };
      const server = await listenOn(port, portVariable(module.name), () =>
        startSubgraph(module, { config, handle, port, log: log.child({ service: module.name }) }),
      );
      subgraphs[module.name] = server;
      launchedSubgraphs.push({ module, server });
      // On free ports the configured URL is wrong: later subgraphs and the gateway must find this one where it is.
      if (anyPort) services[module.name] = { ...services[module.name], url: server.url };
    }
    const config = { ...options.config, services };
    if (options.gateway) {
      const start = options.gateway;
      const port = portOf('gateway');
      gateway = await listenOn(port, portVariable('gateway'), () =>
        start({ config, log: log.child({ service: 'gateway' }), port, subgraphs: launchedSubgraphs }),
      );
    }
    return {
      config,
      subgraphs,
      gateway,
      databaseOf: (service) => {
        const handle = handleOf.get(service);
        if (!handle) throw new Error(`${service} was not started by this launch`);
        return handle;
      },
      stop,
    };
  } catch (error) {
    await stop().catch((stopError: unknown) => log.warn({ err: stopError }, 'cleanup after a failed start failed'));
    throw error;
  }
}

/** What a process serves, as its traces name it: its one subgraph, the gateway alone, or onegrid for several. */
function processName(options: LaunchOptions): string {
  const served = [...options.subgraphs.map((module) => module.name), ...(options.gateway ? ['gateway'] : [])];
  return served.length === 1 ? served[0]! : 'onegrid';
}

/**
 * For entry points (`node dist/...`): loads the configuration and the subgraphs' settings (a bad value: one line,
 * exit 1), launches, and stops cleanly on SIGTERM/SIGINT. A failure a person can fix (a taken port) is one line on
 * stderr and exit 1; anything else is logged with its stack for whoever debugs it.
 */
export async function launchProcess(
  name: string,
  options: Omit<LaunchOptions, 'config' | 'log' | 'ports'>,
): Promise<{ config: Config; launched: Launched }> {
  // The environment is read by kit/config alone (its default argument), like every other setting.
  const config = loadConfigOrExit(undefined, options.subgraphs.map((module) => module.settings));
  const log = createLogger(config.logLevel, name);
  try {
    const launched = await launch({ name, ...options, config, log });
    onShutdown(log, [launched.stop]);
    return { config, launched };
  } catch (error) {
    if (error instanceof LaunchError) process.stderr.write(`${name} failed to start: ${error.message}\n`);
    else log.fatal({ err: error }, `${name} failed to start`);
    process.exit(1);
  }
}
