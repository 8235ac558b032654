import { ArgsType, Directive, Field, ID, InputType, Int, ObjectType } from 'type-graphql';
import { CreateInput, MutationInput, Payload } from '../../kit/mutations';
import { Connection, PageArgs } from '../../kit/pagination';
import { CentsScalar, DateScalar, DateTimeScalar } from '../../kit/scalars';
import { MealOrderMode, MealOrderStatus, MealPointKind, SubsidyTargetGroup } from './enums';

@Directive('@key(fields: "id")')
@ObjectType({ description: 'Meal point (助餐点): a canteen, meal table or meal point serving nearby communities. Public: no sign-in needed.' })
export class MealPoint {
  @Field(() => ID, { description: "The meal point's id." })
  id!: string;

  @Field({ description: 'Its name (名称), e.g. 东湖颐乐老年食堂.' })
  name!: string;

  @Field(() => MealPointKind, { description: 'Canteen, meal table or meal point (类型).' })
  kind!: MealPointKind;

  @Field({ description: 'Who runs it (运营方).' })
  operator!: string;

  @Field({ description: 'Where it is (地址).' })
  address!: string;

  @Field(() => Int, { description: 'Service radius in metres (服务半径).' })
  serviceRadiusM!: number;

  @Field(() => Int, { description: 'Meals it can serve a day (日供餐能力); orders beyond it are refused (CONFLICT).' })
  dailyCapacity!: number;

  @Field({ name: 'hasDelivery', description: 'Whether it delivers meals to homes (送餐上门).' })
  offersDelivery!: boolean;

  @Field(() => CentsScalar, { description: 'Price of one meal before subsidies (标准餐价), in cents.' })
  mealPriceCents!: number;
}

@ObjectType({ description: 'A page of meal points (Relay connection).' })
export class MealPointConnection extends Connection(MealPoint) {}

@ObjectType({ description: "Meal plan (助餐登记): an elder's enrolment at a meal point. Seen as the elder's record is." })
export class MealPlan {
  @Field(() => ID, { description: "The meal plan's id." })
  id!: string;

  @Field(() => MealOrderMode, { description: 'How the elder usually gets the meal (就餐方式); orders use it unless they say otherwise.' })
  mode!: MealOrderMode;

  @Field(() => DateTimeScalar, { description: 'When the elder enrolled (登记时间).' })
  enrolledAt!: Date;

  @Field(() => DateTimeScalar, { nullable: true, description: 'When the plan was paused (暂停时间) because the elder record closed; null while active. No meals are ordered on a paused plan.' })
  pausedAt!: Date | null;

  profileId!: string;
  mealPointId!: string;
}

@Directive('@key(fields: "id")')
@ObjectType({ description: 'Meal subsidy rule (助餐补贴标准): per meal, up to a daily cap per elder. Public: no sign-in needed.' })
export class SubsidyRule {
  @Field(() => ID, { description: "The rule's id." })
  id!: string;

  @Field(() => SubsidyTargetGroup, { description: 'Who the rule is for (补贴对象).' })
  targetGroup!: SubsidyTargetGroup;

  @Field(() => CentsScalar, { name: 'governmentSubsidyCents', description: 'What the government adds per meal (政府补贴), in cents.' })
  governmentCents!: number;

  @Field(() => CentsScalar, { description: 'What the operator gives per meal (企业让利), in cents.' })
  operatorDiscountCents!: number;

  @Field(() => Int, { description: 'Subsidised meals per elder per day (每日限额).' })
  dailyCap!: number;

  @Field({ name: 'isActive', description: 'Whether the rule is in force (生效); retired rules stay for the orders they priced.' })
  active!: boolean;
}

@Directive('@key(fields: "id")')
@ObjectType({
  description:
    "Meal order (订餐): its list price split into government subsidy + operator discount + what the elder pays, in cents, always summing to the list price. Seen as the elder's record is.",
})
export class MealOrder {
  @Field(() => ID, { description: "The order's id." })
  id!: string;

  @Field(() => DateScalar, { description: 'The day of the meal (就餐日期).' })
  servedOn!: string;

  @Field(() => MealOrderMode, { description: 'How the elder gets this meal (就餐方式).' })
  mode!: MealOrderMode;

  @Field(() => MealOrderStatus, { description: 'Where the order is in its workflow (订餐状态).' })
  status!: MealOrderStatus;

  @Field(() => CentsScalar, { description: 'The price before subsidies (标准餐价), in cents.' })
  listPriceCents!: number;

  @Field(() => CentsScalar, { description: 'What the government adds (政府补一点), in cents.' })
  governmentSubsidyCents!: number;

  @Field(() => CentsScalar, { description: 'What the operator gives (企业让一点), in cents.' })
  operatorDiscountCents!: number;

  @Field(() => CentsScalar, { description: 'What the elder pays (个人出一点), in cents.' })
  elderPaysCents!: number;

  @Field(() => DateTimeScalar, { description: 'When it was ordered (下单时间).' })
  createdAt!: Date;

  profileId!: string;
  mealPointId!: string;
  subsidyRuleId!: string | null;
}

@ObjectType({ description: 'A page of meal orders (Relay connection).' })
export class MealOrderConnection extends Connection(MealOrder) {}

@InputType({ description: 'An enrolment at a meal point that serves the elder\'s community (助餐登记); replaces an earlier one.' })
export class EnrollMealPlanInput extends CreateInput {
  @Field(() => ID, { description: 'The resident; they must be enrolled in elderly care (else NOT_FOUND).' })
  residentId!: string;

  @Field(() => ID, { description: "The meal point; it must serve the elder's community (else BAD_USER_INPUT)." })
  mealPointId!: string;

  @Field(() => MealOrderMode, { description: 'How the elder usually gets the meal; DELIVERY only where the point delivers.' })
  mode!: MealOrderMode;
}

@InputType({ description: "A meal at the elder's meal point on a day (订餐)." })
export class PlaceMealOrderInput extends CreateInput {
  @Field(() => ID, { description: 'The resident; they must be enrolled in elderly care and at a meal point.' })
  residentId!: string;

  @Field(() => DateScalar, { description: 'The day of the meal: today or up to 14 days ahead.' })
  servedOn!: string;

  @Field(() => MealOrderMode, { nullable: true, description: "How the elder gets the meal; the meal plan's mode if omitted." })
  mode?: MealOrderMode;
}

@InputType({ description: 'A meal order to cancel (取消订餐).' })
export class CancelMealOrderInput extends MutationInput {
  @Field(() => ID, { description: 'The meal order; it must still be ORDERED (else BAD_USER_INPUT).' })
  id!: string;
}

export const EnrollMealPlanPayload = Payload('EnrollMealPlanPayload', 'mealPlan', MealPlan, 'The outcome of enrollMealPlan (助餐登记).');
export const PlaceMealOrderPayload = Payload('PlaceMealOrderPayload', 'mealOrder', MealOrder, 'The outcome of placeMealOrder (订餐).');
export const CancelMealOrderPayload = Payload('CancelMealOrderPayload', 'mealOrder', MealOrder, 'The outcome of cancelMealOrder (取消订餐).');

@ArgsType()
export class MealPointOrdersArgs extends PageArgs {
  @Field(() => DateScalar, { description: 'The day the meals are served (就餐日期).' })
  servedOn!: string;
}

@ArgsType()
export class MealPointArgs extends PageArgs {
  @Field(() => ID, { nullable: true, description: 'Only the meal points serving this community (社区); all of them if omitted.' })
  communityId?: string;
}
