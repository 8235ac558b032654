import { asc, eq } from 'drizzle-orm';
import { Ctx, Query, Resolver } from 'type-graphql';
import type { ElderlyCareContext } from '../loaders';
import { subsidyRules } from '../tables';
import { SubsidyRule } from '../types/meals';

@Resolver(() => SubsidyRule)
export class SubsidyRuleResolver {
  @Query(() => [SubsidyRule], { nullable: true, description: 'The meal subsidy rules in force (助餐补贴标准). Public: no sign-in needed.' })
  async subsidyRules(@Ctx() ctx: ElderlyCareContext) {
    return await ctx.db.select().from(subsidyRules).where(eq(subsidyRules.active, true)).orderBy(asc(subsidyRules.id));
  }
}
