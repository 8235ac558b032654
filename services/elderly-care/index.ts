import path from 'node:path';
import type { SubgraphModule } from '../kit/subgraph';
import { reference } from '../kit/references';
import { authorize } from '../domain/capabilities';
import { ROLES } from '../domain/people';
import { elderRule } from './access';
import { applyCommunityChanges } from './feed';
import { createElderlyCareLoaders, readAssessment, type ElderlyCareLoaders } from './loaders';
import { CapabilityAssessmentResolver } from './resolvers/assessment';
import { CareVisitResolver } from './resolvers/care-visit';
import { ElderResolver } from './resolvers/elder';
import { HomeModificationResolver } from './resolvers/home-modification';
import { MealOrderResolver } from './resolvers/meal-order';
import { MealPlanResolver } from './resolvers/meal-plan';
import { MealPointResolver } from './resolvers/meal-point';
import { CommunityMealPointsResolver, ResidentElderlyCareResolver } from './resolvers/references';
import { SubsidyRuleResolver } from './resolvers/subsidy-rule';
import { parseElderlyCareSettings, type ElderlyCareSettings } from './settings';
import { feedCursors, auditLog } from './tables';
import { CommunityReference, GridWorkerReference, HouseholdReference, ResidentReference } from './types/references';

/**
 * The elderly-care subgraph (养老服务): elders' care records, capability assessments, meal assistance, care visits
 * and home modifications. Adds `Resident.elderlyCare` and `Community.mealPoints` to community's entities.
 */
export const elderlyCareSubgraph: SubgraphModule<ElderlyCareLoaders, ElderlyCareSettings> = {
  name: 'elderly-care',
  pgSchema: 'elderly_care',
  migrationsFolder: path.join(__dirname, 'migrations'),
  resolvers: [
    ElderResolver,
    CapabilityAssessmentResolver,
    MealPointResolver,
    SubsidyRuleResolver,
    MealPlanResolver,
    MealOrderResolver,
    CareVisitResolver,
    HomeModificationResolver,
    ResidentElderlyCareResolver,
    CommunityMealPointsResolver,
  ],
  orphanedTypes: [ResidentReference, CommunityReference, GridWorkerReference, HouseholdReference],
  entities: {
    Elder: ({ id }, ctx) => ctx.loaders.elderById.load(id),
    CapabilityAssessment: ({ id }, ctx) => readAssessment(ctx, id),
    MealPoint: ({ id }, ctx) => ctx.loaders.mealPointById.load(id),
    SubsidyRule: ({ id }, ctx) => ctx.loaders.subsidyRuleById.load(id),
    MealOrder: ({ id }, ctx) => ctx.loaders.mealOrderById.load(id),
    CareVisit: ({ id }, ctx) => ctx.loaders.visitById.load(id),
    HomeModification: ({ id }, ctx) => ctx.loaders.homeModificationById.load(id),
    // Community's entities: elderly care adds fields to any id; their own fields are community's.
    Resident: ({ id }) => reference(id),
    Community: ({ id }) => reference(id),
  },
  auditLog,
  createLoaders: createElderlyCareLoaders,
  settings: parseElderlyCareSettings,
  authorize,
  roles: ROLES,
  rowRules: [elderRule],
  // The elder's household, grid, community and care tags follow the resident (services/elderly-care/feed.ts).
  consumes: [{ source: 'community', cursors: feedCursors, apply: applyCommunityChanges }],
  // Loaded on demand: a process with seeding off never loads the demo district.
  seed: async (db, options) => (await import('./demo')).seedElderlyCare(db, options),
};
