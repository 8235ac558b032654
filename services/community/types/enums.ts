import { graphqlEnum } from '../../kit/enums';
import { deregistrationReason, gender, gridKind, gridWorkerRole, propertyManagement, residentTag } from '../tables';

export const GridKind = graphqlEnum('GridKind', 'Kind of grid (网格类型). New values may be added.', gridKind.enumValues, {
  COMPREHENSIVE: 'Comprehensive grid (综合网格) covering residential areas.',
  DEDICATED: 'Dedicated grid (专属网格): a school, hospital or business district.',
  MICRO: 'Micro-grid (微网格): a building or courtyard inside a comprehensive grid.',
});
export type GridKind = keyof typeof GridKind;

export const GridWorkerRole = graphqlEnum('GridWorkerRole', 'Role of a grid worker (网格员角色). New values may be added.', gridWorkerRole.enumValues, {
  GRID_CHIEF: 'Grid chief (网格长).',
  FULL_TIME: 'Full-time grid worker (专职网格员).',
  PART_TIME: 'Part-time grid worker (兼职网格员).',
  MICRO_GRID_LIAISON: 'Micro-grid liaison (微网格员).',
  BUILDING_LEADER: 'Building leader (楼栋长).',
  VOLUNTEER: 'Volunteer (志愿者).',
});
export type GridWorkerRole = keyof typeof GridWorkerRole;

export const PropertyManagement = graphqlEnum('PropertyManagement', 'Who manages a compound (物业管理). New values may be added.', propertyManagement.enumValues, {
  COMPANY: 'A property-management company (物业公司).',
  SELF_GOVERNED: 'Residents manage it themselves (业主自治).',
  NONE: 'No management at all (三无小区).',
});
export type PropertyManagement = keyof typeof PropertyManagement;

export const Gender = graphqlEnum('Gender', 'Gender (性别), as on the resident ID card. New values may be added.', gender.enumValues, { FEMALE: 'Female (女).', MALE: 'Male (男).' });
export type Gender = keyof typeof Gender;

/** ELDERLY (60 or older) is derived from the birth date; the others are recorded. */
export const ResidentTag = graphqlEnum('ResidentTag', 'Care-relevant tags of a resident (居民标签). New values may be added.', ['ELDERLY', ...residentTag.enumValues] as const, {
  ELDERLY: 'Aged 60 or older (老年人), derived from the birth date.',
  LIVES_ALONE: 'Lives alone (独居).',
  EMPTY_NEST: 'Empty-nest elder (空巢).',
  NO_KIN: 'Elder without kin (孤老).',
  DISABLED: 'Registered disability (残疾).',
  LOW_INCOME: 'Minimum living allowance (低保).',
  VETERAN: 'Veteran (退役军人).',
});
export type ResidentTag = keyof typeof ResidentTag;
export type StoredResidentTag = (typeof residentTag.enumValues)[number];

export const DeregistrationReason = graphqlEnum(
  'DeregistrationReason',
  'Why a resident left the register (注销原因). New values may be added.',
  deregistrationReason.enumValues,
  { MOVED_AWAY: 'Moved out of the district (迁出).', DECEASED: 'Died (死亡).' },
);
export type DeregistrationReason = keyof typeof DeregistrationReason;
