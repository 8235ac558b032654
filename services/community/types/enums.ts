import { registerEnumType } from 'type-graphql';
import { gender, gridKind, gridWorkerRole, propertyManagement, residentTag } from '../tables';

const enumOf = <const T extends readonly string[]>(values: T) =>
  Object.fromEntries(values.map((v) => [v, v])) as { [K in T[number]]: K };

export const GridKind = enumOf(gridKind.enumValues);
export type GridKind = keyof typeof GridKind;
registerEnumType(GridKind, {
  name: 'GridKind',
  description: 'Kind of grid (网格类型).',
  valuesConfig: {
    COMPREHENSIVE: { description: 'Comprehensive grid (综合网格) covering residential areas.' },
    DEDICATED: { description: 'Dedicated grid (专属网格): a school, hospital or business district.' },
    MICRO: { description: 'Micro-grid (微网格): a building or courtyard inside a comprehensive grid.' },
  },
});

export const GridWorkerRole = enumOf(gridWorkerRole.enumValues);
export type GridWorkerRole = keyof typeof GridWorkerRole;
registerEnumType(GridWorkerRole, {
  name: 'GridWorkerRole',
  description: 'Role of a grid worker (网格员).',
  valuesConfig: {
    GRID_CHIEF: { description: 'Grid chief (网格长).' },
    FULL_TIME: { description: 'Full-time grid worker (专职网格员).' },
    PART_TIME: { description: 'Part-time grid worker (兼职网格员).' },
    MICRO_GRID_LIAISON: { description: 'Micro-grid liaison (微网格员).' },
    BUILDING_LEADER: { description: 'Building leader (楼栋长).' },
    VOLUNTEER: { description: 'Volunteer (志愿者).' },
  },
});

export const PropertyManagement = enumOf(propertyManagement.enumValues);
export type PropertyManagement = keyof typeof PropertyManagement;
registerEnumType(PropertyManagement, {
  name: 'PropertyManagement',
  description: 'Who manages a compound (物业管理).',
  valuesConfig: {
    COMPANY: { description: 'A property-management company (物业公司).' },
    SELF_GOVERNED: { description: 'Residents manage it themselves (业主自治).' },
    NONE: { description: 'No management at all (三无小区).' },
  },
});

export const Gender = enumOf(gender.enumValues);
export type Gender = keyof typeof Gender;
registerEnumType(Gender, { name: 'Gender', description: 'Gender (性别).' });

/** ELDERLY (60 or older) is derived from the birth date; the others are recorded. */
export const ResidentTag = enumOf(['ELDERLY', ...residentTag.enumValues] as const);
export type ResidentTag = keyof typeof ResidentTag;
export type StoredResidentTag = (typeof residentTag.enumValues)[number];
registerEnumType(ResidentTag, {
  name: 'ResidentTag',
  description: 'Care-relevant tags of a resident (居民标签).',
  valuesConfig: {
    ELDERLY: { description: 'Aged 60 or older (老年人), derived from the birth date.' },
    LIVES_ALONE: { description: 'Lives alone (独居).' },
    EMPTY_NEST: { description: 'Empty-nest elder (空巢).' },
    NO_KIN: { description: 'Elder without kin (孤老).' },
    DISABLED: { description: 'Registered disability (残疾).' },
    LOW_INCOME: { description: 'Minimum living allowance (低保).' },
    VETERAN: { description: 'Veteran (退役军人).' },
  },
});
