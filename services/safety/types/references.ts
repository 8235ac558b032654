import { EntityReference } from '../../kit/references';

/** Community's entities as safety knows them: by key. Those safety adds fields to are resolvable here. */
export const ResidentReference = EntityReference('Resident', 'A resident (居民); safety adds their home safety devices and alarms.');
export const HouseholdReference = EntityReference('Household', 'A dwelling (户); safety adds its devices and alarms.');
export const BuildingReference = EntityReference('Building', 'A building (楼栋); safety adds its fire hazards.');
export const GridReference = EntityReference('Grid', 'A grid (网格); safety adds its open alarms and offline devices.');
export const CommunityReference = EntityReference('Community', 'A community (社区); safety adds its fire drills.');
export const GridWorkerReference = EntityReference('GridWorker', 'A grid worker (网格员): who responds to an alarm.', { resolvable: false });
