import 'reflect-metadata';
import { runStandalone } from '../kit/standalone';
import { elderlyCareSubgraph } from './index';

void runStandalone(elderlyCareSubgraph);
