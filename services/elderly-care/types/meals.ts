import { Matches } from 'class-validator';
import { Directive, Field, ID, InputType, Int, ObjectType } from 'type-graphql';
import { MealOrderMode, MealOrderStatus, MealPointKind, SubsidyTargetGroup } from './enums';

@Directive('@key(fields: "id")')
@ObjectType({ description: 'Meal point (助餐点): a canteen, meal table or meal point serving nearby communities. Public.' })
export class MealPoint {
  @Field(() => ID)
  id!: string;

  @Field()
  name!: string;

  @Field(() => MealPointKind)
  kind!: MealPointKind;

  @Field({ description: 'Who runs it (运营方).' })
  operator!: string;

  @Field()
  address!: string;

  @Field(() => Int, { description: 'Service radius in metres (服务半径).' })
  serviceRadiusM!: number;

  @Field(() => Int, { description: 'Meals it can serve a day (日供餐能力); orders beyond it are refused.' })
  dailyCapacity!: number;

  @Field({ description: 'Whether it delivers to homes (送餐上门).' })
  offersDelivery!: boolean;

  @Field(() => Int, { description: 'Price of one meal before subsidies, in cents (标准餐价).' })
  mealPriceCents!: number;
}

@ObjectType({ description: "An elder's enrolment at a meal point (助餐登记)." })
export class MealPlan {
  @Field(() => ID)
  id!: string;

  @Field(() => MealOrderMode, { description: 'How the elder usually gets the meal.' })
  mode!: MealOrderMode;

  @Field()
  enrolledAt!: Date;

  profileId!: string;
  mealPointId!: string;
}

@Directive('@key(fields: "id")')
@ObjectType({ description: 'A local meal subsidy rule (助餐补贴标准): per meal, up to a daily cap per elder. Public.' })
export class SubsidyRule {
  @Field(() => ID)
  id!: string;

  @Field(() => SubsidyTargetGroup)
  targetGroup!: SubsidyTargetGroup;

  @Field(() => Int, { description: 'What the government adds per meal, in cents (政府补贴).' })
  governmentCents!: number;

  @Field(() => Int, { description: 'What the operator gives per meal, in cents (企业让利).' })
  operatorDiscountCents!: number;

  @Field(() => Int, { description: 'Subsidised meals per elder per day (每日限额).' })
  dailyCap!: number;

  @Field()
  active!: boolean;
}

@Directive('@key(fields: "id")')
@ObjectType({
  description:
    'Meal order (订餐): its list price split into governmentSubsidy + operatorDiscount + elderPays, in cents, always summing to the list price.',
})
export class MealOrder {
  @Field(() => ID)
  id!: string;

  @Field({ description: 'The day of the meal, YYYY-MM-DD.' })
  servedOn!: string;

  @Field(() => MealOrderMode)
  mode!: MealOrderMode;

  @Field(() => MealOrderStatus)
  status!: MealOrderStatus;

  @Field(() => Int)
  listPriceCents!: number;

  @Field(() => Int, { description: 'The government adds a little (政府补一点).' })
  governmentSubsidyCents!: number;

  @Field(() => Int, { description: 'The operator gives a little (企业让一点).' })
  operatorDiscountCents!: number;

  @Field(() => Int, { description: 'The elder pays a little (个人出一点).' })
  elderPaysCents!: number;

  @Field()
  createdAt!: Date;

  profileId!: string;
  mealPointId!: string;
  subsidyRuleId!: string | null;
}

@InputType({ description: 'Enrols an elder at a meal point that serves their community; replaces an earlier enrolment.' })
export class EnrollMealPlanInput {
  @Field(() => ID)
  residentId!: string;

  @Field(() => ID)
  mealPointId!: string;

  @Field(() => MealOrderMode)
  mode!: MealOrderMode;
}

@InputType({ description: "A meal at the elder's meal point on a day." })
export class PlaceMealOrderInput {
  @Field(() => ID)
  residentId!: string;

  @Field({ description: 'YYYY-MM-DD: today or up to 14 days ahead.' })
  @Matches(/^\d{4}-\d{2}-\d{2}$/, { message: 'servedOn must be YYYY-MM-DD' })
  servedOn!: string;

  @Field(() => MealOrderMode, { nullable: true, description: "The meal plan's mode if omitted." })
  mode?: MealOrderMode;
}
