import path from 'node:path';
import type { SubgraphModule } from '../kit/subgraph';
import { reference } from '../kit/references';
import { authorize } from '../domain/capabilities';
import { ROLES } from '../domain/people';
import { alarmRule, deviceRule, hazardRule, inspectionRule } from './access';
import { applyCommunityEvents } from './feed';
import { createSafetyLoaders, type SafetyLoaders } from './loaders';
import { AlarmResolver, escalateUnacknowledged } from './resolvers/alarm';
import { SafetyDeviceResolver } from './resolvers/device';
import { HazardResolver, InspectionResolver, raiseOverdueHazards } from './resolvers/hazard';
import { BuildingSafetyResolver, CommunitySafetyResolver, GridSafetyResolver, HouseholdSafetyResolver, ResidentSafetyResolver } from './resolvers/references';
import { FireDrillResolver, SiteResolver } from './resolvers/site';
import { parseSafetySettings, type SafetySettings } from './settings';
import { feedCursors, auditLog } from './tables';
import { BuildingReference, CommunityReference, GridReference, GridWorkerReference, HouseholdReference, ResidentReference } from './types/references';

/**
 * The safety subgraph (平安社区): smoke alarms and SOS buttons in homes and their alarms, fire inspections with their
 * hazards on the shared case workflow, fire drills and the sites they happen at. Extends community's Resident,
 * Household, Building, Grid and Community; keeps a copy of each household's grid from community's change feed.
 */
export const safetySubgraph: SubgraphModule<SafetyLoaders, SafetySettings> = {
  name: 'safety',
  pgSchema: 'safety',
  migrationsFolder: path.join(__dirname, 'migrations'),
  resolvers: [
    SafetyDeviceResolver,
    AlarmResolver,
    InspectionResolver,
    HazardResolver,
    SiteResolver,
    FireDrillResolver,
    HouseholdSafetyResolver,
    ResidentSafetyResolver,
    BuildingSafetyResolver,
    GridSafetyResolver,
    CommunitySafetyResolver,
  ],
  orphanedTypes: [ResidentReference, HouseholdReference, BuildingReference, GridReference, CommunityReference, GridWorkerReference],
  entities: {
    SafetyDevice: ({ id }, ctx) => ctx.loaders.deviceById.load(id),
    Alarm: ({ id }, ctx) => ctx.loaders.alarmById.load(id),
    Inspection: ({ id }, ctx) => ctx.loaders.inspectionById.load(id),
    Hazard: ({ id }, ctx) => ctx.loaders.hazardById.load(id),
    Site: ({ id }, ctx) => ctx.loaders.siteById.load(id),
    FireDrill: ({ id }, ctx) => ctx.loaders.fireDrillById.load(id),
    // Community's entities: safety adds fields to any id; their own fields come from community.
    Resident: ({ id }) => reference(id),
    Household: ({ id }) => reference(id),
    Building: ({ id }) => reference(id),
    Grid: ({ id }) => reference(id),
    Community: ({ id }) => reference(id),
  },
  auditLog,
  createLoaders: createSafetyLoaders,
  settings: parseSafetySettings,
  authorize,
  roles: ROLES,
  rowRules: [deviceRule, alarmRule, hazardRule, inspectionRule],
  consumes: [{ source: 'community', cursors: feedCursors, apply: applyCommunityEvents }],
  // Every replica sweeps; each sweep is one conditional UPDATE, so concurrent sweeps escalate or raise each row once.
  schedules: [
    { name: 'escalate-unacknowledged-alarms', everyMs: (settings) => settings.sweepEveryMs, run: (db, settings) => escalateUnacknowledged({ db, settings }) },
    { name: 'raise-overdue-hazards', everyMs: (settings) => settings.sweepEveryMs, run: (db, settings) => raiseOverdueHazards(db, settings) },
  ],
  // Loaded on demand: a process with seeding off never loads the demo district.
  seed: async (db, options) => (await import('./demo')).seedSafety(db, options),
};
