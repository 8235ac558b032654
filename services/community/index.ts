import path from 'node:path';
import type { SubgraphModule } from '../kit/subgraph';
import { authorize } from '../domain/capabilities';
import { ROLES } from '../domain/people';
import { householdRule, residentRule } from './access';
import { createCommunityLoaders, type CommunityLoaders } from './loaders';
import { changeEvents, auditLog } from './tables';
import { BuildingResolver } from './resolvers/building';
import { CommunityResolver } from './resolvers/community';
import { CompoundResolver } from './resolvers/compound';
import { GridResolver } from './resolvers/grid';
import { GridWorkerResolver } from './resolvers/grid-worker';
import { HouseholdResolver } from './resolvers/household';
import { ResidentResolver } from './resolvers/resident';
import { SubdistrictResolver } from './resolvers/subdistrict';
import { Subdistrict } from './types/places';

/** The community subgraph: who lives where (residents, households, buildings, compounds) and the grids over them. */
export const communitySubgraph: SubgraphModule<CommunityLoaders> = {
  name: 'community',
  pgSchema: 'community',
  migrationsFolder: path.join(__dirname, 'migrations'),
  resolvers: [
    ResidentResolver,
    GridResolver,
    GridWorkerResolver,
    CommunityResolver,
    SubdistrictResolver,
    CompoundResolver,
    BuildingResolver,
    HouseholdResolver,
  ],
  orphanedTypes: [Subdistrict],
  entities: {
    Subdistrict: ({ id }, ctx) => ctx.loaders.subdistrictById.load(id),
    Community: ({ id }, ctx) => ctx.loaders.communityById.load(id),
    Grid: ({ id }, ctx) => ctx.loaders.gridById.load(id),
    GridWorker: ({ id }, ctx) => ctx.loaders.gridWorkerById.load(id),
    Compound: ({ id }, ctx) => ctx.loaders.compoundById.load(id),
    Building: ({ id }, ctx) => ctx.loaders.buildingById.load(id),
    Household: ({ id }, ctx) => ctx.loaders.householdById.load(id),
    Resident: ({ id }, ctx) => ctx.loaders.residentById.load(id),
  },
  auditLog,
  createLoaders: createCommunityLoaders,
  authorize,
  roles: ROLES,
  rowRules: [residentRule, householdRule],
  // Moves, tag changes, deregistrations and grids redrawn: the facts other subgraphs copy (services/domain/community-events.ts).
  publishes: changeEvents,
  // Loaded on demand: a process with seeding off never loads the demo district.
  seed: async (db, options) => (await import('./demo')).seedCommunity(db, options),
};
