import 'reflect-metadata';
import { runStandalone } from '../kit/standalone';
import { environmentSubgraph } from './index';

void runStandalone(environmentSubgraph);
