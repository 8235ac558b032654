import { communitySubgraph } from './community';
import { elderlyCareSubgraph } from './elderly-care';
import type { AnySubgraphModule } from './kit/subgraph';

/** Every subgraph of OneGrid, in composition order. */
export const SUBGRAPHS: AnySubgraphModule[] = [communitySubgraph, elderlyCareSubgraph];
