import { and, eq, sql, type SQL } from 'drizzle-orm';
import { DEMO_IDS } from '../../services/demo';
import { residents } from '../../services/community/tables';
import { elderlyProfiles } from '../../services/elderly-care/tables';
import type { TestStack } from './stack';

export interface GivenElder {
  /** The elder record's id. */
  id: string;
  residentId: string;
  version: number;
}

/**
 * Demo elders of grid-001 (so the grid-worker and care-worker personas may act for them) matching `where`, never the
 * pinned elder whom many tests read, last resident ids first. Tests that change an elder take their own.
 */
export async function givenElders(stack: Pick<TestStack, 'handle'>, limit: number, where?: SQL): Promise<GivenElder[]> {
  return await stack.handle.db
    .select({ id: elderlyProfiles.id, residentId: elderlyProfiles.residentId, version: elderlyProfiles.version })
    .from(elderlyProfiles)
    .where(and(eq(elderlyProfiles.gridId, DEMO_IDS.grid), sql`${elderlyProfiles.residentId} <> ${DEMO_IDS.elderLivingAlone}`, where))
    .orderBy(sql`${elderlyProfiles.residentId} desc`)
    .limit(limit);
}

/** One demo elder of grid-001 matching `where` (see givenElders). */
export async function givenElder(stack: Pick<TestStack, 'handle'>, where?: SQL): Promise<GivenElder> {
  const [elder] = await givenElders(stack, 1, where);
  if (!elder) throw new Error('No demo elder of grid-001 matches.');
  return elder;
}

let added = 0;

/**
 * A resident of the pinned household (grid-001) not yet enrolled in elderly care, written straight into community's
 * records (so elderly care's tests do not depend on community's mutations), with an ID number no one else has.
 */
export async function givenUnenrolledResident(
  stack: Pick<TestStack, 'handle'>,
  resident: { birthDate: string; tags?: (typeof residents.$inferInsert)['tags'] },
): Promise<string> {
  const [row] = await stack.handle.db
    .insert(residents)
    .values({
      householdId: DEMO_IDS.household,
      name: '新登记',
      gender: 'MALE',
      birthDate: resident.birthDate,
      idNumber: `test-elder-${process.pid}-${added++}`,
      tags: resident.tags ?? [],
    })
    .returning({ id: residents.id });
  return row!.id;
}
