import 'reflect-metadata';
import { runStandalone } from '../kit/standalone';
import { housingSubgraph } from './index';

void runStandalone(housingSubgraph);
