/** Household compositions: who lives together, at what ages, so that living alone, empty nests and families come out as in a real district. */
import type { AgeBands, Random } from './random';
import type { Gender } from './records';

/** Age bands of elders in general and of elders living alone, who are older. */
const ELDER_AGES: AgeBands = [[60, 69, 50], [70, 79, 32], [80, 89, 15], [90, 99, 3]];
const ELDER_ALONE_AGES: AgeBands = [[60, 69, 30], [70, 79, 37], [80, 89, 27], [90, 99, 6]];

export interface Member {
  age: number;
  gender: Gender;
  surname?: string;
}

const spouseAge = (random: Random, husband: number, min: number) => Math.max(min, husband - random.int(-2, 5));
const childAge = (random: Random, mother: number) => Math.max(0, mother - random.int(23, 36));

/**
 * Household compositions with their base weights; `elderly` kinds are weighted up in villages and old compounds,
 * where the population is older. About a quarter of all residents end up 60 or older.
 */
interface HouseholdKind {
  weight: number;
  elderly: boolean;
  /** `surname` is the family's, passed on by fathers; spouses keep their own. */
  members: (random: Random, surname: string) => Member[];
}

export const HOUSEHOLD_KINDS: readonly HouseholdKind[] = [
  {
    weight: 10,
    elderly: true,
    members: (r) => [{ age: r.ageIn(ELDER_ALONE_AGES), gender: r.chance(0.65) ? 'FEMALE' : 'MALE' }],
  },
  {
    weight: 13,
    elderly: true,
    members: (r, surname) => {
      const husband = r.ageIn(ELDER_AGES);
      return [{ age: husband, gender: 'MALE', surname }, { age: spouseAge(r, husband, 60), gender: 'FEMALE' }];
    },
  },
  {
    weight: 5,
    elderly: true,
    members: (r, surname) => {
      const parent = Math.max(70, r.ageIn(ELDER_ALONE_AGES));
      return [
        { age: parent, gender: 'FEMALE' },
        { age: parent - r.int(24, 34), gender: r.chance(0.5) ? 'MALE' : 'FEMALE', surname },
      ];
    },
  },
  {
    weight: 5,
    elderly: true,
    members: (r, surname) => {
      const husband = r.ageIn(ELDER_AGES);
      const wife = spouseAge(r, husband, 60);
      return [
        { age: husband, gender: 'MALE', surname },
        { age: wife, gender: 'FEMALE' },
        { age: wife - r.int(24, 34), gender: r.chance(0.5) ? 'MALE' : 'FEMALE', surname },
      ];
    },
  },
  {
    weight: 10,
    elderly: true,
    members: (r, surname) => {
      const grandparent = r.ageIn(ELDER_AGES);
      const father = grandparent - r.int(24, 34);
      const mother = spouseAge(r, father, 22);
      return [
        r.chance(0.5) ? { age: grandparent, gender: 'MALE', surname } : { age: grandparent, gender: 'FEMALE' },
        { age: father, gender: 'MALE', surname },
        { age: mother, gender: 'FEMALE' },
        { age: childAge(r, mother), gender: r.chance(0.5) ? 'MALE' : 'FEMALE', surname },
      ];
    },
  },
  { weight: 8, elderly: false, members: (r) => [{ age: r.int(20, 59), gender: r.chance(0.5) ? 'MALE' : 'FEMALE' }] },
  {
    weight: 12,
    elderly: false,
    members: (r, surname) => {
      const husband = r.int(22, 59);
      return [
        { age: husband, gender: 'MALE', surname },
        { age: Math.min(59, spouseAge(r, husband, 20)), gender: 'FEMALE' },
      ];
    },
  },
  {
    weight: 22,
    elderly: false,
    members: (r, surname) => {
      const father = r.int(26, 59);
      const mother = spouseAge(r, father, 23);
      return [
        { age: father, gender: 'MALE', surname },
        { age: mother, gender: 'FEMALE' },
        { age: childAge(r, mother), gender: r.chance(0.5) ? 'MALE' : 'FEMALE', surname },
      ];
    },
  },
  {
    weight: 10,
    elderly: false,
    members: (r, surname) => {
      const father = r.int(28, 52);
      const mother = spouseAge(r, father, 25);
      const elder = childAge(r, mother);
      return [
        { age: father, gender: 'MALE', surname },
        { age: mother, gender: 'FEMALE' },
        { age: elder, gender: r.chance(0.5) ? 'MALE' : 'FEMALE', surname },
        { age: Math.max(0, elder - r.int(2, 10)), gender: r.chance(0.5) ? 'MALE' : 'FEMALE', surname },
      ];
    },
  },
  {
    weight: 5,
    elderly: false,
    members: (r, surname) => {
      const parent = r.int(28, 55);
      return [
        { age: parent, gender: r.chance(0.7) ? 'FEMALE' : 'MALE' },
        { age: childAge(r, parent), gender: r.chance(0.5) ? 'MALE' : 'FEMALE', surname },
      ];
    },
  },
];
