import 'reflect-metadata';
import { loadConfigOrExit } from '../services/kit/config';
import { createLogger } from '../services/kit/logger';
import { onShutdown } from '../services/kit/shutdown';
import { startGateway } from './index';

/** The gateway alone in its process, in front of subgraphs found at `<SERVICE>_URL`. */
async function main() {
  const config = loadConfigOrExit();
  const log = createLogger(config.logLevel, 'gateway');
  try {
    const server = await startGateway({ config, log });
    onShutdown(log, [server.stop]);
  } catch (error) {
    log.fatal({ err: error }, 'gateway failed to start');
    process.exit(1);
  }
}

void main();
