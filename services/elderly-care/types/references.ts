import { EntityReference } from '../../kit/references';

/** Community's entities, as elderly care knows them: by id. Their own fields are community's. */

/** Extended with `elderlyCare`. */
export const ResidentReference = EntityReference('Resident', 'A resident (居民) of the district; see the community service for its fields.');
export type ResidentReference = InstanceType<typeof ResidentReference>;

/** Extended with `mealPoints`. */
export const CommunityReference = EntityReference('Community', 'A community (社区), the neighbourhood a meal point serves.');
export type CommunityReference = InstanceType<typeof CommunityReference>;

/** The visitor of a care visit. */
export const GridWorkerReference = EntityReference('GridWorker', 'A grid worker (网格员) who visits elders.', { resolvable: false });

/** The dwelling a home modification changes. */
export const HouseholdReference = EntityReference('Household', 'A household (户): one dwelling.', { resolvable: false });
