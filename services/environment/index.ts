import path from 'node:path';
import { auditLog } from './tables';
import type { SubgraphModule } from '../kit/subgraph';
import { reference } from '../kit/references';
import { authorize } from '../domain/capabilities';
import { ROLES } from '../domain/people';
import { issueRule } from './access';
import { sweepOverdueIssues } from './issues';
import { createEnvironmentLoaders, type EnvironmentLoaders } from './loaders';
import { serveOpen311 } from './open311';
import { GreenSpaceResolver } from './resolvers/green-space';
import { EnvironmentIssueResolver } from './resolvers/issue';
import { RiverPatrolResolver } from './resolvers/patrol';
import { CommunityRiversResolver, GridEnvironmentIssuesResolver, ResidentEnvironmentReportsResolver } from './resolvers/references';
import { RiverChiefResolver, RiverResolver, RiverSegmentResolver } from './resolvers/river';
import { parseEnvironmentSettings, type EnvironmentSettings } from './settings';
import { CommunityReference, GridReference, GridWorkerReference, ResidentReference } from './types/references';

/**
 * The environment subgraph (河长制 / 生态环境): rivers, their segments and chiefs, river patrols, environment issues on
 * the case workflow (GB/T 30428) with an Open311 GeoReport v2 view, and green spaces. Adds `Resident.environmentReports`,
 * `Grid.environmentIssues` and `Community.rivers` to community's entities. Overdue issues rise a tier on their own,
 * swept periodically by every replica (each issue rises once).
 */
export const environmentSubgraph: SubgraphModule<EnvironmentLoaders, EnvironmentSettings> = {
  name: 'environment',
  pgSchema: 'environment',
  migrationsFolder: path.join(__dirname, 'migrations'),
  resolvers: [
    RiverResolver,
    RiverSegmentResolver,
    RiverChiefResolver,
    RiverPatrolResolver,
    EnvironmentIssueResolver,
    GreenSpaceResolver,
    ResidentEnvironmentReportsResolver,
    GridEnvironmentIssuesResolver,
    CommunityRiversResolver,
  ],
  orphanedTypes: [ResidentReference, GridReference, CommunityReference, GridWorkerReference],
  entities: {
    River: ({ id }, ctx) => ctx.loaders.riverById.load(id),
    RiverSegment: ({ id }, ctx) => ctx.loaders.segmentById.load(id),
    RiverChief: ({ id }, ctx) => ctx.loaders.chiefById.load(id),
    RiverPatrol: ({ id }, ctx) => ctx.loaders.patrolById.load(id),
    EnvironmentIssue: ({ id }, ctx) => ctx.loaders.issueById.load(id),
    GreenSpace: ({ id }, ctx) => ctx.loaders.greenSpaceById.load(id),
    // Community's entities: environment adds fields to any id; their own fields are community's.
    Resident: ({ id }) => reference(id),
    Grid: ({ id }) => reference(id),
    Community: ({ id }) => reference(id),
  },
  auditLog,
  createLoaders: createEnvironmentLoaders,
  settings: parseEnvironmentSettings,
  authorize,
  roles: ROLES,
  rowRules: [issueRule],
  routes: serveOpen311,
  schedules: [{ name: 'overdue sweep', everyMs: (settings) => settings.sweepIntervalMs, run: (db, settings) => sweepOverdueIssues(db, settings) }],
  // Loaded on demand: a process with seeding off never loads the demo district.
  seed: async (db, options) => (await import('./demo')).seedEnvironment(db, options),
};
