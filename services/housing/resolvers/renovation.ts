import { and, eq, type SQL } from 'drizzle-orm';
import { Arg, Args, Authorized, Ctx, Field, FieldResolver, ID, InputType, Mutation, Query, Resolver, Root } from 'type-graphql';
import { IsOptional } from 'class-validator';
import type { Capability } from '../../domain/capabilities';
import { actorOf } from '../../domain/people';
import { visibleOrNull } from '../../kit/access';
import { notFound } from '../../kit/errors';
import { createOnce } from '../../kit/idempotency';
import { mutate } from '../../kit/mutations';
import { PageArgs, pageOf } from '../../kit/pagination';
import { reference } from '../../kit/references';
import { CentsScalar } from '../../kit/scalars';
import { updateVersioned } from '../../kit/versioned';
import { advance } from '../../kit/workflow';
import { renovationProjectRule } from '../access';
import { assertVersionRead } from './retrofit';
import { assertCompoundExists } from '../community';
import type { HousingContext } from '../loaders';
import type { RenovationPhase as Phase } from '../rules/enums';
import { renovationWorkflow } from '../rules/phases';
import { idempotencyKeys, renovationPhaseTransitions, renovationProjects, type RenovationProjectRow } from '../tables';
import { RenovationPhase } from '../types/enums';
import { CompoundReference } from '../types/references';
import {
  AdvanceRenovationPhaseInput,
  AdvanceRenovationPhasePayload,
  CreateRenovationProjectInput,
  CreateRenovationProjectPayload,
  RenovationPhaseTransition,
  RenovationProject,
  RenovationProjectConnection,
  UpdateRenovationProgressInput,
  UpdateRenovationProgressPayload,
} from '../types/renovation';

@InputType({ description: 'Which renovation projects to list.' })
export class RenovationProjectFilter {
  @Field(() => ID, { nullable: true, description: 'Only this compound\'s (小区).' })
  @IsOptional()
  compoundId?: string;

  @Field(() => RenovationPhase, { nullable: true, description: 'Only projects in this phase.' })
  @IsOptional()
  phase?: Phase;
}

/** Renovation projects the viewer may see, filtered, in pages by id: one where for the page and its count. */
export function listRenovationProjects(ctx: HousingContext, filter: RenovationProjectFilter, page: PageArgs) {
  const conditions: (SQL | undefined)[] = [renovationProjectRule.where(ctx.viewer)];
  if (filter.compoundId) conditions.push(eq(renovationProjects.compoundId, filter.compoundId));
  if (filter.phase) conditions.push(eq(renovationProjects.status, filter.phase));
  return pageOf(ctx.db, page, {
    where: and(...conditions),
    select: (condition) => ctx.db.select().from(renovationProjects).where(condition).$dynamic(),
    key: renovationProjects.id,
    keyOf: (row) => row.id,
  });
}

/** A project the viewer may see, or NOT_FOUND naming the input field. */
export async function requireProject(ctx: HousingContext, id: string, field = 'id'): Promise<RenovationProjectRow> {
  const row = await readProject(ctx, id);
  if (!row) throw notFound('Renovation project', id, field);
  return row;
}

/** A project by id as the viewer may see it; null if there is none or the viewer may not see it (the same answer). */
export async function readProject(ctx: HousingContext, id: string): Promise<RenovationProjectRow | null> {
  return visibleOrNull(renovationProjectRule, ctx.viewer, await ctx.loaders.projectById.load(id));
}

@Resolver(() => RenovationProject)
export class RenovationProjectResolver {
  @Query(() => RenovationProject, { nullable: true, description: 'A renovation project (signed-in viewers); null if there is none.' })
  async renovationProject(@Arg('id', () => ID, { description: 'The project\'s id.' }) id: string, @Ctx() ctx: HousingContext) {
    return readProject(ctx, id);
  }

  @Authorized()
  @Query(() => RenovationProjectConnection, { nullable: true, description: 'Renovation projects (老旧小区改造项目), filtered, in pages (signed-in viewers).' })
  async renovationProjects(
    @Arg('filter', () => RenovationProjectFilter, { nullable: true, description: 'Which projects.' }) filter: RenovationProjectFilter | undefined,
    @Args(() => PageArgs) page: PageArgs,
    @Ctx() ctx: HousingContext,
  ) {
    return listRenovationProjects(ctx, filter ?? {}, page);
  }

  @Authorized<Capability>('housing:manage')
  @Mutation(() => CreateRenovationProjectPayload, {
    nullable: true,
    description: 'Records a renovation project in SURVEY (housing officers). NOT_FOUND for an unknown compound; CONFLICT for an idempotencyKey reused with another input.',
  })
  async createRenovationProject(@Arg('input', () => CreateRenovationProjectInput, { description: 'What to do; see the input type.' }) input: CreateRenovationProjectInput, @Ctx() ctx: HousingContext) {
    return mutate(ctx, input, 'renovationProject', async () => {
      await assertCompoundExists(ctx, input.compoundId, 'compoundId');
      const items = input.items.map(({ category, scope, quantity, unit, costCents, fundingSource }) => ({ category, scope, quantity, unit, costCents, fundingSource }));
      const { id } = await createOnce(
        ctx.db,
        { table: idempotencyKeys, scope: `createRenovationProject:${actorOf(ctx.viewer)}`, key: input.idempotencyKey, input: { ...input, clientMutationId: undefined } },
        async (tx) => {
          const [created] = await tx
            .insert(renovationProjects)
            .values({ compoundId: input.compoundId, title: input.title, items, createdBy: actorOf(ctx.viewer) })
            .returning({ id: renovationProjects.id });
          return created!;
        },
      );
      return requireProject(ctx, id);
    });
  }

  @Authorized<Capability>('housing:manage')
  @Mutation(() => AdvanceRenovationPhasePayload, {
    nullable: true,
    description:
      'Moves a renovation project one phase forward (housing officers). BAD_USER_INPUT for any other move (the message names the allowed one); CONFLICT if expectedVersion is stale; NOT_FOUND for an unknown project.',
  })
  async advanceRenovationPhase(@Arg('input', () => AdvanceRenovationPhaseInput, { description: 'What to do; see the input type.' }) input: AdvanceRenovationPhaseInput, @Ctx() ctx: HousingContext) {
    return mutate(ctx, input, 'renovationProject', async () => {
      const project = await requireProject(ctx, input.id);
      assertVersionRead('Renovation project', project, input.expectedVersion);
      return advance(ctx.db, {
        machine: renovationWorkflow,
        table: renovationProjects,
        current: { id: project.id, status: project.status },
        to: input.to,
        actorSub: actorOf(ctx.viewer),
        note: input.note,
        expectedVersion: input.expectedVersion,
        record: (tx, move) => tx.insert(renovationPhaseTransitions).values({ projectId: project.id, ...move }),
      });
    });
  }

  @Authorized<Capability>('housing:manage')
  @Mutation(() => UpdateRenovationProgressPayload, {
    nullable: true,
    description: 'Records the works\' progress, 0 to 100 % (housing officers). CONFLICT if expectedVersion is stale; NOT_FOUND for an unknown project.',
  })
  async updateRenovationProgress(@Arg('input', () => UpdateRenovationProgressInput, { description: 'What to do; see the input type.' }) input: UpdateRenovationProgressInput, @Ctx() ctx: HousingContext) {
    return mutate(ctx, input, 'renovationProject', async () => {
      await requireProject(ctx, input.id);
      return updateVersioned(ctx.db, renovationProjects, { what: 'Renovation project', id: input.id, expectedVersion: input.expectedVersion }, {
        progressPercent: input.progressPercent,
      });
    });
  }

  @FieldResolver(() => CompoundReference, { nullable: true, description: 'The compound (小区) renovated.' })
  compound(@Root() project: RenovationProjectRow) {
    return reference(project.compoundId);
  }

  @FieldResolver(() => RenovationPhase, { description: 'Where the project stands (改造阶段).' })
  phase(@Root() project: RenovationProjectRow) {
    return project.status;
  }

  @FieldResolver(() => CentsScalar, { description: 'The items\' costs added up, in cents.' })
  totalCostCents(@Root() project: RenovationProjectRow) {
    return project.items.reduce((sum, item) => sum + item.costCents, 0);
  }

  @FieldResolver(() => [RenovationPhase], { description: 'The phases it may move to next (empty once in long-term management).' })
  allowedTransitions(@Root() project: RenovationProjectRow) {
    return renovationWorkflow.allowed(project.status);
  }

  @FieldResolver(() => [RenovationPhaseTransition], { description: 'Every phase change, oldest first.' })
  async phaseHistory(@Root() project: RenovationProjectRow, @Ctx() ctx: HousingContext) {
    return ctx.loaders.projectTransitions.load(project.id);
  }
}
