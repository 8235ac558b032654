import { EntityReference } from '../../kit/references';

/** Community's entities, as environment knows them: by id. Their own fields are community's. */

/** Extended with `environmentReports`; the reporter of an issue. */
export const ResidentReference = EntityReference('Resident', 'A resident (居民) of the district; see the community service for its fields.');
export type ResidentReference = InstanceType<typeof ResidentReference>;

/** Extended with `environmentIssues`. */
export const GridReference = EntityReference('Grid', 'A grid (网格), the area a grid worker looks after.');
export type GridReference = InstanceType<typeof GridReference>;

/** Extended with `rivers`. */
export const CommunityReference = EntityReference('Community', 'A community (社区).');
export type CommunityReference = InstanceType<typeof CommunityReference>;

/** A reporter, handler or patroller. */
export const GridWorkerReference = EntityReference('GridWorker', 'A grid worker (网格员).', { resolvable: false });
