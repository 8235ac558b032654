import { communitySubgraph } from './community';
import { elderlyCareSubgraph } from './elderly-care';
import type { SubgraphModule } from './kit/subgraph';

/** Every subgraph of OneGrid, in composition order. */
export const SUBGRAPHS: SubgraphModule<any>[] = [communitySubgraph, elderlyCareSubgraph];
