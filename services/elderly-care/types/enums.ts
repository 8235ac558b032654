import { graphqlEnum } from '../../kit/enums';
import {
  CAPABILITY_ADJUSTMENTS,
  CAPABILITY_LEVELS,
  CARE_NEEDS,
  CARE_TAGS,
  HOME_MODIFICATION_CATEGORIES,
  HOME_MODIFICATION_STATUSES,
  HOME_MODIFICATION_TIERS,
  LIVING_ARRANGEMENTS,
  MEAL_ORDER_MODES,
  MEAL_ORDER_STATUSES,
  MEAL_POINT_KINDS,
  SUBSIDY_TARGET_GROUPS,
  VISIT_KINDS,
} from '../rules/enums';
import type * as Rules from '../rules/enums';

export const CapabilityLevel = graphqlEnum('CapabilityLevel', 'Capability level (老年人能力等级), GB/T 42195-2022. New values may be added.', CAPABILITY_LEVELS, {
  INTACT: 'Capability intact (能力完好): a total of 90.',
  MILD: 'Mildly impaired (轻度失能): 66–89.',
  MODERATE: 'Moderately impaired (中度失能): 46–65.',
  SEVERE: 'Severely impaired (重度失能): 30–45.',
  COMPLETE: 'Completely impaired (完全失能): 0–29, or in a coma.',
});

export const CapabilityAdjustment = graphqlEnum(
  'CapabilityAdjustment',
  'A condition that makes the capability level worse than the total gives (等级变更条款). New values may be added.',
  CAPABILITY_ADJUSTMENTS,
  {
    COMA: 'In a coma (昏迷): COMPLETE whatever the scores.',
    DEMENTIA_OR_MENTAL_DISORDER: 'Diagnosed dementia or another mental disorder (痴呆或精神疾病): one level worse.',
    RISK_EVENTS: 'Two or more falls, wanderings, chokings or self-harms in 30 days (近30天风险事件): one level worse.',
  },
);

export const LivingArrangement = graphqlEnum('LivingArrangement', 'Who the elder lives with (居住状况). New values may be added.', LIVING_ARRANGEMENTS, {
  ALONE: 'Lives alone (独居).',
  SPOUSE: 'With the spouse only (与配偶同住).',
  CHILDREN: 'With children (与子女同住).',
  OTHER_RELATIVES: 'With other relatives (与其他亲属同住).',
  INSTITUTION: 'In a care institution (机构养老).',
});

export const CareNeed = graphqlEnum('CareNeed', 'A home-care service the elder needs (服务需求). New values may be added.', CARE_NEEDS, {
  MEAL: 'Meal assistance (助餐).',
  BATH: 'Bathing assistance (助浴).',
  CLEANING: 'Home cleaning (助洁).',
  MEDICAL_ESCORT: 'Escort to medical care (助医).',
  HOME_MODIFICATION: 'Age-friendly home modification (适老化改造).',
  COMPANIONSHIP: 'Companionship and chats (精神慰藉).',
  EMERGENCY_DEVICE: 'An emergency call device (紧急呼叫设备).',
});

export const CareTag = graphqlEnum('CareTag', "The resident's care-relevant tags (照护标签), copied from community at enrolment. New values may be added.", CARE_TAGS, {
  LIVES_ALONE: 'Lives alone (独居).',
  EMPTY_NEST: 'Empty-nest elder (空巢).',
  NO_KIN: 'Elder without kin (孤老).',
  DISABLED: 'Registered disability (残疾).',
  LOW_INCOME: 'Minimum living allowance (低保).',
});

export const MealPointKind = graphqlEnum('MealPointKind', 'Kind of meal point (助餐服务点类型). New values may be added.', MEAL_POINT_KINDS, {
  CANTEEN: "Elders' canteen (老年食堂).",
  MEAL_TABLE: "Elders' meal table in a community (老年餐桌).",
  MEAL_POINT: 'Meal assistance point (助餐点).',
});

export const MealOrderMode = graphqlEnum('MealOrderMode', 'How the elder gets the meal (就餐方式). New values may be added.', MEAL_ORDER_MODES, {
  DINE_IN: 'Eats at the point (堂食).',
  PICKUP: 'Picks the meal up (自取).',
  DELIVERY: 'Delivered home (送餐上门).',
});

export const MealOrderStatus = graphqlEnum('MealOrderStatus', 'State of a meal order (订餐状态). New values may be added.', MEAL_ORDER_STATUSES, {
  ORDERED: 'Ordered (已下单).',
  SERVED: 'Served (已供餐).',
  SETTLED: 'Settled with the government and the operator (已结算).',
  CANCELLED: 'Cancelled (已取消).',
});

export const SubsidyTargetGroup = graphqlEnum('SubsidyTargetGroup', 'Who a meal subsidy rule is for (补贴对象). New values may be added.', SUBSIDY_TARGET_GROUPS, {
  LOW_INCOME: 'Elders on the minimum living allowance (低保老人).',
  AGE_80_PLUS: 'Elders aged 80 or older (高龄老人).',
  AGE_60_PLUS: 'Every elder aged 60 or older (普通老人).',
  DISABLED: 'Elders with a registered disability (残疾老人).',
  LIVES_ALONE: 'Elders living alone (独居老人).',
  NO_KIN: 'Elders without kin (孤老).',
});

export const VisitKind = graphqlEnum('VisitKind', 'Kind of care visit (探访类型). New values may be added.', VISIT_KINDS, {
  ROUTINE: 'Routine visit (例行探访).',
  FOLLOW_UP: 'Follow-up of an earlier finding (跟进探访).',
  HOLIDAY: 'Holiday visit (节日慰问).',
  ALARM_FOLLOW_UP: 'Visit after an alarm (报警后上门).',
});

export const HomeModificationStatus = graphqlEnum(
  'HomeModificationStatus',
  'State of a home modification (适老化改造进度), moving one step forward at a time. New values may be added.',
  HOME_MODIFICATION_STATUSES,
  {
    APPLIED: 'Applied for (已申请).',
    ASSESSED: 'Home assessed (已评估).',
    DESIGNED: 'Modification designed (已设计).',
    INSTALLING: 'Being installed (施工中).',
    ACCEPTED: 'Accepted as done (已验收).',
  },
);

export const HomeModificationCategory = graphqlEnum(
  'HomeModificationCategory',
  'Area of the home a modification item changes (改造类别). New values may be added.',
  HOME_MODIFICATION_CATEGORIES,
  {
    FLOOR: 'Floors: anti-slip, no thresholds (地面).',
    DOOR: 'Doors: wider, lever handles (门).',
    BEDROOM: 'Bedroom: bed rails, night lights (卧室).',
    TOILET_BATH: 'Toilet and bath: grab bars, shower seat (如厕洗浴).',
    KITCHEN: 'Kitchen: gas alarm, reachable storage (厨房).',
    PHYSICAL_ENVIRONMENT: 'Lighting, handrails along the way (物理环境).',
    AGING_AIDS: 'Aids: walker, wheelchair, smart home-care kit (老年用品配置).',
  },
);

export const HomeModificationTier = graphqlEnum('HomeModificationTier', 'Whether an item is in the basic package (改造项目类型). New values may be added.', HOME_MODIFICATION_TIERS, {
  BASIC: 'Basic item, subsidised (基础类).',
  OPTIONAL: 'Optional item (可选类).',
});

/** Each enum's values as a type, under the same name as the enum object. */
export type CapabilityLevel = Rules.CapabilityLevel;
export type CapabilityAdjustment = Rules.CapabilityAdjustment;
export type LivingArrangement = Rules.LivingArrangement;
export type CareNeed = Rules.CareNeed;
export type CareTag = Rules.CareTag;
export type MealPointKind = Rules.MealPointKind;
export type MealOrderMode = Rules.MealOrderMode;
export type MealOrderStatus = Rules.MealOrderStatus;
export type SubsidyTargetGroup = Rules.SubsidyTargetGroup;
export type VisitKind = Rules.VisitKind;
export type HomeModificationStatus = Rules.HomeModificationStatus;
export type HomeModificationCategory = Rules.HomeModificationCategory;
export type HomeModificationTier = Rules.HomeModificationTier;
