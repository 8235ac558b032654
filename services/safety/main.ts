import 'reflect-metadata';
import { runStandalone } from '../kit/standalone';
import { safetySubgraph } from './index';

void runStandalone(safetySubgraph);
