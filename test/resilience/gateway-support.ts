import { spawn, type ChildProcess } from 'node:child_process';
import { readFileSync } from 'node:fs';
import net from 'node:net';
import path from 'node:path';
import { once } from 'node:events';
import { startGateway } from '../../gateway';
import { envPrefix, SERVICE_PORTS, type Config, type ServiceName } from '../../services/kit/config';
import type { RunningServer } from '../../services/kit/http';
import { createLogger } from '../../services/kit/logger';
import { DEMO_IDS } from '../../services/demo';
import { testConfig, tokenFor, type TestStack } from '../support/stack';
import { freePort } from '../support/ports';

/** An example operation a frontend copies, from schema/operations/. */
export const operation = (file: string) => readFileSync(path.join(__dirname, '..', '..', 'schema', 'operations', file), 'utf8');

/** A TCP server that accepts connections and never answers: a subgraph that hangs. */
export async function hangingServer(): Promise<{ url: string; connections: () => number; close(): Promise<void> }> {
  const sockets = new Set<net.Socket>();
  let connections = 0;
  const server = net.createServer((socket) => {
    connections += 1;
    sockets.add(socket);
    socket.on('error', () => undefined);
  });
  server.listen(0);
  await once(server, 'listening');
  const { port } = server.address() as net.AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/graphql`,
    connections: () => connections,
    close: async () => {
      for (const socket of sockets) socket.destroy();
      await new Promise((resolve) => server.close(resolve));
    },
  };
}

/** A second gateway in front of the stack's subgraphs, with some subgraph URLs and settings replaced. */
export function gatewayBeside(
  stack: TestStack,
  overrides: { urls?: Partial<Record<ServiceName, string>>; config?: Partial<Config> } = {},
): Promise<RunningServer> {
  const services = { ...testConfig.services };
  for (const name of Object.keys(services) as ServiceName[]) {
    const url = overrides.urls?.[name] ?? stack.subgraphs[name]?.url;
    if (url) services[name] = { ...services[name], url };
  }
  return startGateway({
    config: { ...testConfig, ...overrides.config, services },
    supergraphSdl: stack.supergraphSdl,
    port: 0,
    log: createLogger('silent', 'test'),
  });
}

/** A port nobody listens on right now (the OS picks it). */

/** The built gateway in a process of its own (the production layout), every subgraph at `subgraphUrl`, once ready. */
export async function startGatewayProcess(subgraphUrl: string, env: Record<string, string> = {}) {
  const port = await freePort();
  const urls = Object.fromEntries((Object.keys(SERVICE_PORTS) as ServiceName[]).map((name) => [`${envPrefix(name)}_URL`, subgraphUrl]));
  const child: ChildProcess = spawn(process.execPath, [path.resolve(__dirname, '../../dist/gateway/main.js')], {
    env: { PATH: process.env.PATH, GATEWAY_PORT: String(port), LOG_LEVEL: 'info', ...urls, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let log = '';
  child.stdout!.on('data', (chunk) => (log += chunk));
  child.stderr!.on('data', (chunk) => (log += chunk));
  const deadline = Date.now() + 30_000;
  while (!log.includes('gateway ready')) {
    if (Date.now() > deadline || child.exitCode !== null) {
      child.kill('SIGKILL');
      throw new Error(`the gateway did not start:\n${log}`);
    }
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  return { child, url: `http://localhost:${port}/graphql`, log: () => log };
}

/** Internal addresses a client must never see. */
export const INTERNAL_ADDRESS = /localhost|127\.0\.0\.1|:\d{2,5}\b|https?:\/\//;

type Json = null | boolean | number | string | Json[] | { [key: string]: Json };

/** The value at a dotted path; `*` maps over a list. */
export function at(value: Json | undefined, pathText: string): Json | undefined {
  const [head, ...rest] = pathText.split('.');
  if (head === undefined || head === '') return value;
  if (head === '*') return Array.isArray(value) ? value.map((item) => at(item, rest.join('.')) ?? null) : undefined;
  if (value === null || value === undefined || typeof value !== 'object' || Array.isArray(value)) return undefined;
  return at(value[head], rest.join('.'));
}
export type { Json };

/** Where each subgraph's fields start in each screen (a `*` runs over a list). */
export const OWNED: Record<string, Record<ServiceName, string[]>> = {
  'resident-overview.graphql': {
    // The resident itself is community's: without it there is nothing to hang the other fields on.
    community: ['resident'],
    'elderly-care': ['resident.elderlyCare'],
    housing: ['resident.household.building.elevatorRetrofit'],
    safety: ['resident.household.building.hazards', 'resident.safetyDevices'],
    environment: ['resident.environmentReports'],
  },
  'grid-worker-dashboard.graphql': {
    community: ['grid', 'eldersLivingAlone.edges.*.node.resident', 'overdueVisits.edges.*.node.resident'],
    'elderly-care': ['eldersLivingAlone', 'overdueVisits'],
    // The dashboard asks housing nothing: housing down changes nothing on it.
    housing: [],
    safety: ['grid.openAlarms', 'openHazards'],
    environment: ['grid.environmentIssues'],
  },
};

/** `value` with the fields at `paths` nulled, as a gateway answers when their subgraph is down. */
export function withNulls(value: Json, paths: string[]): Json {
  const copy = structuredClone(value);
  for (const pathText of paths) nullAt(copy, pathText.split('.'));
  return copy;
}
function nullAt(value: Json, steps: string[]): void {
  const [head, ...rest] = steps;
  if (head === undefined || value === null || typeof value !== 'object') return;
  if (head === '*') {
    if (Array.isArray(value)) value.forEach((item) => nullAt(item, rest));
    return;
  }
  if (Array.isArray(value) || !(head in value)) return;
  if (rest.length === 0) value[head] = null;
  else nullAt(value[head]!, rest);
}

export const screens = async () => {
  const admin = await tokenFor({ roles: ['admin'] });
  const gridWorker = await tokenFor({ roles: ['grid_worker'], gridIds: [DEMO_IDS.grid] });
  return [
    { file: 'resident-overview.graphql', variables: { id: DEMO_IDS.elderLivingAlone }, token: admin },
    // A resident of a building on an elevator retrofit (the elder's building has none), so housing's field shows.
    { file: 'resident-overview.graphql', variables: { id: 'resident-02620' }, token: admin },
    { file: 'grid-worker-dashboard.graphql', variables: { gridId: DEMO_IDS.grid }, token: gridWorker },
  ];
};

