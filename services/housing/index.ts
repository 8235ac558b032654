import path from 'node:path';
import { authorize } from '../domain/capabilities';
import { ROLES } from '../domain/people';
import type { SubgraphModule } from '../kit/subgraph';
import { consentVoteRule, elevatorRetrofitRule, renovationProjectRule } from './access';
import { applyCommunityEvents, housingViewer } from './community';
import { createHousingLoaders, type HousingLoaders } from './loaders';
import { ConsentResolver, ConsentVoteResolver, readVote } from './resolvers/consent';
import { BuildingHousingResolver, CompoundHousingResolver, HouseholdHousingResolver } from './resolvers/references';
import { readProject, RenovationProjectResolver } from './resolvers/renovation';
import { ElevatorRetrofitResolver, visibleRetrofit } from './resolvers/retrofit';
import { parseHousingSettings, type HousingSettings } from './settings';
import { feedCursors, auditLog } from './tables';
import { reference } from '../kit/references';
import { BuildingReference, CompoundReference, HouseholdReference } from './types/references';

/**
 * The housing subgraph (老旧小区改造 / 加装电梯): old-compound renovation projects, elevator retrofits and the owners'
 * consent votes. Extends community's Compound (`renovationProjects`), Building (`elevatorRetrofit`,
 * `elevatorRetrofits`) and Household (`consentVote`).
 */
export const housingSubgraph: SubgraphModule<HousingLoaders, HousingSettings> = {
  name: 'housing',
  pgSchema: 'housing',
  migrationsFolder: path.join(__dirname, 'migrations'),
  resolvers: [
    RenovationProjectResolver,
    ElevatorRetrofitResolver,
    ConsentResolver,
    ConsentVoteResolver,
    CompoundHousingResolver,
    BuildingHousingResolver,
    HouseholdHousingResolver,
  ],
  orphanedTypes: [CompoundReference, BuildingReference, HouseholdReference],
  entities: {
    RenovationProject: ({ id }, ctx) => readProject(ctx, id),
    ElevatorRetrofit: async ({ id }, ctx) => visibleRetrofit(await housingViewer(ctx), await ctx.loaders.retrofitById.load(id)),
    ConsentVote: ({ id }, ctx) => readVote(ctx, id),
    // Community's entities: housing adds fields to any id; their own fields come from community.
    Compound: ({ id }) => reference(id),
    Building: ({ id }) => reference(id),
    Household: ({ id }) => reference(id),
  },
  auditLog,
  createLoaders: createHousingLoaders,
  settings: parseHousingSettings,
  authorize,
  roles: ROLES,
  rowRules: [renovationProjectRule, elevatorRetrofitRule, consentVoteRule],
  consumes: [{ source: 'community', cursors: feedCursors, apply: (tx, events) => applyCommunityEvents(tx, events) }],
  // Loaded on demand: a process with seeding off never loads the demo district.
  seed: async (db, options) => (await import('./demo')).seedHousing(db, options),
};
