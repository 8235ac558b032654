import 'reflect-metadata';
import { launchProcess } from '../services/kit/launch';
import { startGateway } from './index';

/** The gateway alone in its process, in front of subgraphs found at `<SERVICE>_URL`. */
void launchProcess('gateway', { subgraphs: [], gateway: startGateway });
