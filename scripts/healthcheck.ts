import { readFileSync } from 'node:fs';
import { loadConfig, SERVICE_PORTS, type ServiceName } from '../services/kit/config';

/**
 * The image's HEALTHCHECK: liveness (`/healthz`) of the service this container runs. One image runs the gateway or
 * any subgraph, so the entry point of process 1 (`dist/services/<name>/main.js` or `dist/gateway/main.js`) says which,
 * and the configuration says its port. Exits 0 when it answers 200, 1 otherwise.
 */
export function healthUrl(commandLine: string[], env: NodeJS.ProcessEnv): string {
  const config = loadConfig(env);
  const entry = commandLine.find((arg) => arg.endsWith('main.js')) ?? '';
  const subgraph = /services\/([a-z-]+)\/main\.js$/.exec(entry)?.[1];
  if (subgraph && subgraph in SERVICE_PORTS) return `http://127.0.0.1:${config.services[subgraph as ServiceName].port}/healthz`;
  return `http://127.0.0.1:${config.gatewayPort}/healthz`;
}

if (require.main === module) {
  const commandLine = readFileSync('/proc/1/cmdline', 'utf8').split('\0');
  fetch(healthUrl(commandLine, process.env), { signal: AbortSignal.timeout(2500) }).then(
    (response) => process.exit(response.ok ? 0 : 1),
    () => process.exit(1),
  );
}
