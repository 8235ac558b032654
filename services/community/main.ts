import 'reflect-metadata';
import { runStandalone } from '../kit/standalone';
import { communitySubgraph } from './index';

void runStandalone(communitySubgraph);
