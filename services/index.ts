import { communitySubgraph } from './community';
import { elderlyCareSubgraph } from './elderly-care';
import { environmentSubgraph } from './environment';
import { housingSubgraph } from './housing';
import { safetySubgraph } from './safety';
import type { AnySubgraphModule } from './kit/subgraph';

/**
 * THE registry: every subgraph of OneGrid, in composition order (a subgraph's peers come before it). It drives
 * `npm start`, `npm run schema`, `npm run db:generate` and the deployment checks; ports and environment variable
 * names come from SERVICE_PORTS in kit/config (a test keeps the two in agreement). Adding a subgraph: its folder
 * and one line here.
 */
export const SUBGRAPHS: readonly AnySubgraphModule[] = [
  communitySubgraph,
  elderlyCareSubgraph,
  housingSubgraph,
  environmentSubgraph,
  safetySubgraph,
];
