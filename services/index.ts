import { communitySubgraph } from './community';
import type { SubgraphModule } from './kit/subgraph';

/** Every subgraph of OneGrid, in composition order. */
export const SUBGRAPHS: SubgraphModule<any>[] = [communitySubgraph];
