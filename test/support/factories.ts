import { DEMO_IDS } from '../../services/demo';
import { idNumberCheckCharacter } from '../../services/domain/id-number';
import { client, dataOf, USER_ERRORS, type UserErrorValue } from './graphql';
import { tokenFor, type TestStack } from './stack';

/** A region code (杭州市上城区) the demo district does not use: made-up ID numbers never collide with demo residents. */
const REGION = '330102';

/** A valid GB 11643 ID number for a birth date (YYYY-MM-DD), told apart by `sequence` (0 to 999). */
export function validIdNumber(birthDate: string, sequence: number): string {
  const first17 = `${REGION}${birthDate.replace(/-/g, '')}${String(sequence).padStart(3, '0')}`;
  return first17 + idNumberCheckCharacter(first17);
}

export interface ResidentOverrides {
  householdId?: string;
  name?: string;
  gender?: 'FEMALE' | 'MALE';
  birthDate?: string;
  phone?: string | null;
  idNumber?: string;
  tags?: string[];
}

/** Sequences givenResident takes; a test's own validIdNumber calls use those below, so they never collide. */
const FIRST_FACTORY_SEQUENCE = 500;
let registered = 0;

/**
 * A resident registered through the API as an admin, by default a woman born in 1950 in the pinned household
 * (grid-001, the grid-worker persona's grid), with an ID number no other resident has.
 */
export async function givenResident(stack: Pick<TestStack, 'gateway'>, overrides: ResidentOverrides = {}): Promise<{ id: string; version: number }> {
  const birthDate = overrides.birthDate ?? '1950-03-07';
  const input = {
    householdId: DEMO_IDS.household,
    name: '测试居民',
    gender: 'FEMALE',
    birthDate,
    idNumber: validIdNumber(birthDate, FIRST_FACTORY_SEQUENCE + registered++),
    ...overrides,
  };
  const admin = client(stack.gateway.url, await tokenFor({ roles: ['admin'] }));
  const { registerResident } = dataOf(
    await admin<{ registerResident: { resident: { id: string; version: number } | null; userErrors: UserErrorValue[] } }>(
      `mutation($input: RegisterResidentInput!) { registerResident(input: $input) { resident { id version } ${USER_ERRORS} } }`,
      { input },
    ),
  );
  expect(registerResident.userErrors).toEqual([]);
  return registerResident.resident!;
}
