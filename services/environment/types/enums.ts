import { graphqlEnum } from '../../kit/enums';
import { CASE_SOURCE_DESCRIPTIONS, CASE_SOURCES, CASE_STATUSES, CASE_TIER_DESCRIPTIONS, CASE_TIERS } from '../../kit/cases';
import { ISSUE_CATEGORIES, RIVER_CHIEF_LEVELS, WATER_QUALITY_CLASSES } from '../rules/enums';

export const EnvironmentIssueCategory = graphqlEnum(
  'EnvironmentIssueCategory',
  'What an environment issue is about (环境问题类别); each is an Open311 service. New values may be added.',
  ISSUE_CATEGORIES,
  {
    FLOATING_DEBRIS: 'Floating debris on the water (水面漂浮物).',
    GARBAGE_PILE: 'Garbage piled up, e.g. on a river bank (垃圾堆放).',
    SEWAGE_OUTFALL: 'A sewage outfall discharging into a river (排污口).',
    BLACK_ODOROUS_WATER: 'Black and odorous water (黑臭水体).',
    ILLEGAL_DUMPING: 'Waste or construction debris dumped illegally (非法倾倒).',
    ILLEGAL_CONSTRUCTION: 'Illegal construction (乱搭乱建).',
    NOISE: 'Noise nuisance (噪声扰民).',
    OTHER: 'Anything else about the living environment (其他).',
  },
);
export type EnvironmentIssueCategory = keyof typeof EnvironmentIssueCategory;

export const EnvironmentIssueStatus = graphqlEnum(
  'EnvironmentIssueStatus',
  'Where an environment issue is in the case workflow (案件流程, GB/T 30428): REPORTED → ACCEPTED → FILED | VOIDED → DISPATCHED → PROCESSING → PROCESSED → VERIFYING → CLOSED | REWORK → DISPATCHED. New values may be added.',
  CASE_STATUSES,
  {
    REPORTED: 'Reported, not yet looked at (上报).',
    ACCEPTED: 'Accepted for examination (受理).',
    FILED: 'Filed as a case to handle (立案).',
    VOIDED: 'Not filed: no case, a duplicate or outside the remit (不予立案). Final.',
    DISPATCHED: 'Dispatched to a handler (派遣).',
    PROCESSING: 'Being dealt with (处置).',
    PROCESSED: 'Dealt with, reported back by the handler (反馈).',
    VERIFYING: 'Being checked on site (核查).',
    CLOSED: 'Verified and closed (结案). Final.',
    REWORK: 'Verification failed: to be dispatched again (返工).',
  },
);
export type EnvironmentIssueStatus = keyof typeof EnvironmentIssueStatus;

export const EnvironmentIssueTier = graphqlEnum(
  'EnvironmentIssueTier',
  'Who is accountable for an issue (处置层级): small matters stay in the grid, big ones rise. New values may be added.',
  CASE_TIERS,
  CASE_TIER_DESCRIPTIONS,
);
export type EnvironmentIssueTier = keyof typeof EnvironmentIssueTier;

export const EnvironmentIssueSource = graphqlEnum(
  'EnvironmentIssueSource',
  'Where an issue came from (案件来源). New values may be added.',
  CASE_SOURCES,
  CASE_SOURCE_DESCRIPTIONS,
);
export type EnvironmentIssueSource = keyof typeof EnvironmentIssueSource;

export const EnvironmentIssueEventKind = graphqlEnum(
  'EnvironmentIssueEventKind',
  'What an entry of an issue\'s history records (流转记录类型). New values may be added.',
  ['TRANSITION', 'RAISE'] as const,
  {
    TRANSITION: 'The status changed (状态流转).',
    RAISE: 'The tier rose, by hand or because the issue was overdue (升级).',
  },
);
export type EnvironmentIssueEventKind = keyof typeof EnvironmentIssueEventKind;

export const RiverChiefLevel = graphqlEnum(
  'RiverChiefLevel',
  'The level of a river chief (河长级别). New values may be added.',
  RIVER_CHIEF_LEVELS,
  {
    CITY: 'City river chief (市级河长).',
    COUNTY: 'County or district river chief (县级/区级河长).',
    TOWNSHIP: 'Township or subdistrict river chief (乡镇级/街道级河长).',
    VILLAGE: 'Village or community river chief (村级/社区级河长).',
    CIVILIAN: 'Civilian river chief, a volunteer (民间河长).',
  },
);
export type RiverChiefLevel = keyof typeof RiverChiefLevel;

export const WaterQualityClass = graphqlEnum(
  'WaterQualityClass',
  'Surface water quality class (地表水水质类别, GB 3838-2002), best first. New values may be added.',
  WATER_QUALITY_CLASSES,
  {
    CLASS_I: 'Class I (Ⅰ类): source water, national nature reserves.',
    CLASS_II: 'Class II (Ⅱ类): first-grade drinking water sources.',
    CLASS_III: 'Class III (Ⅲ类): second-grade drinking water sources, swimming.',
    CLASS_IV: 'Class IV (Ⅳ类): industrial water, recreation without contact.',
    CLASS_V: 'Class V (Ⅴ类): agricultural water, landscape.',
  },
);
export type WaterQualityClass = keyof typeof WaterQualityClass;
