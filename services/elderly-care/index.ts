import path from 'node:path';
import type { SubgraphModule } from '../kit/subgraph';
import { authorize } from '../domain/capabilities';
import { ROLES } from '../domain/people';
import { parseElderlyCareSettings, type ElderlyCareSettings } from './settings';
import { createElderlyCareLoaders, type ElderlyCareLoaders } from './loaders';
import { CapabilityAssessmentResolver, readAssessment } from './resolvers/assessment';
import { HomeModificationResolver } from './resolvers/home-modification';
import { CommunityMealPointsResolver, MealOrderResolver, MealPlanResolver, MealPointResolver } from './resolvers/meals';
import { ElderlyProfileResolver, ResidentElderlyCareResolver } from './resolvers/profile';
import { CareVisitResolver } from './resolvers/visits';
import { CommunityReference, GridWorkerReference, HouseholdReference, ResidentReference, reference } from './types/references';

/**
 * The elderly-care subgraph (养老服务): elders' care profiles, capability assessments, meal assistance, care visits
 * and home modifications. Extends community's Resident (`elderlyCare`) and Community (`mealPoints`).
 */
export const elderlyCareSubgraph: SubgraphModule<ElderlyCareLoaders, ElderlyCareSettings> = {
  name: 'elderly-care',
  pgSchema: 'elderly_care',
  migrationsFolder: path.join(__dirname, 'migrations'),
  resolvers: [
    ElderlyProfileResolver,
    ResidentElderlyCareResolver,
    CapabilityAssessmentResolver,
    MealPointResolver,
    CommunityMealPointsResolver,
    MealPlanResolver,
    MealOrderResolver,
    CareVisitResolver,
    HomeModificationResolver,
  ],
  orphanedTypes: [ResidentReference, CommunityReference, GridWorkerReference, HouseholdReference],
  entities: {
    ElderlyProfile: ({ id }, ctx) => ctx.loaders.profileById.load(id),
    CapabilityAssessment: ({ id }, ctx) => readAssessment(ctx, id),
    MealPoint: ({ id }, ctx) => ctx.loaders.mealPointById.load(id),
    SubsidyRule: ({ id }, ctx) => ctx.loaders.subsidyRuleById.load(id),
    MealOrder: ({ id }, ctx) => ctx.loaders.mealOrderById.load(id),
    CareVisit: ({ id }, ctx) => ctx.loaders.visitById.load(id),
    HomeModification: ({ id }, ctx) => ctx.loaders.homeModificationById.load(id),
    // Community's entities: elderly-care adds fields to any id; their own fields come from community.
    Resident: ({ id }) => reference(id),
    Community: ({ id }) => reference(id),
  },
  createLoaders: createElderlyCareLoaders,
  settings: parseElderlyCareSettings,
  authorize,
  roles: ROLES,
  // Loaded on demand: a process with seeding off never loads the demo district.
  seed: async (db) => (await import('./demo')).seedElderlyCare(db),
};
