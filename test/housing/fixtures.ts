import { and, eq, inArray } from 'drizzle-orm';
import { communitySubgraph } from '../../services/community';
import { buildDemoDistrict, DEMO_IDS } from '../../services/demo';
import { housingSubgraph } from '../../services/housing';
import { consents, elevatorRetrofits, rollEntries } from '../../services/housing/tables';
import { personas, type Personas } from '../support/personas';
import { startTestStack, tokenFor, type TestStack } from '../support/stack';
export { client, dataOf, errorOf, rowCount, userErrorOf, USER_ERRORS, type UserErrorValue } from '../support/graphql';

/**
 * Community and housing behind a gateway over one fresh database, for the test file: started before its tests,
 * stopped after. Read `world.stack` and `world.token` inside tests.
 */
export function useHousingStack(): { stack: TestStack; token: Personas } {
  const world = {} as { stack: TestStack; token: Personas };
  beforeAll(async () => {
    world.stack = await startTestStack([communitySubgraph, housingSubgraph]);
    world.token = await personas();
  }, 180_000);
  afterAll(() => world.stack?.stop());
  return world;
}

/** The district the stack seeded from (the default seed and scale). */
export const district = () => buildDemoDistrict();

/** A building's households in the district, by id. */
export const householdsOf = (buildingId: string) => district().households.filter((h) => h.buildingId === buildingId);

/** A resident of the household, and a resident's token for them. */
export async function residentOf(householdId: string): Promise<{ residentId: string; token: string }> {
  const resident = district().residents.find((r) => r.householdId === householdId)!;
  return { residentId: resident.id, token: await tokenFor({ sub: `resident:${resident.id}`, roles: ['resident'], residentId: resident.id }) };
}

/** The big compound's walk-ups the demo has no retrofit on, each test taking its own. */
export function freeWalkUps(): string[] {
  const d = district();
  const retrofitted = new Set(d.elevatorRetrofits.map((r) => r.buildingId));
  return d.buildings
    .filter((b) => b.compoundId === DEMO_IDS.bigCompound && !b.hasElevator && !retrofitted.has(b.id) && b.floors >= 5)
    .map((b) => b.id);
}

/**
 * A retrofit collecting consent over a synthetic roll, written straight to the database: for tests of the tally and of
 * concurrency that need more households than a walk-up has. Areas in hundredths of a m².
 */
export async function retrofitWithRoll(
  stack: TestStack,
  name: string,
  roll: { householdId: string; floor: number; area: number }[],
): Promise<{ retrofitId: string; consentId: string; version: number }> {
  const db = stack.handle.db;
  const [retrofit] = await db
    .insert(elevatorRetrofits)
    .values({ buildingId: `building-${name}`, compoundId: DEMO_IDS.bigCompound, gridId: 'grid-synthetic', status: 'CONSENT_COLLECTING', totalCostCents: 60_000_000, subsidyCents: 0, createdBy: 'test' })
    .returning();
  const [consent] = await db.insert(consents).values({ retrofitId: retrofit!.id, openedBy: 'test' }).returning();
  for (let i = 0; i < roll.length; i += 500) {
    await db.insert(rollEntries).values(
      roll.slice(i, i + 500).map((h) => ({ consentId: consent!.id, householdId: h.householdId, unit: 1, floor: h.floor, areaHundredths: h.area })),
    );
  }
  return { retrofitId: retrofit!.id, consentId: consent!.id, version: retrofit!.version };
}

/** The current version of a retrofit. */
export async function retrofitVersion(stack: TestStack, retrofitId: string): Promise<number> {
  const [row] = await stack.handle.db.select({ version: elevatorRetrofits.version }).from(elevatorRetrofits).where(eq(elevatorRetrofits.id, retrofitId));
  return row!.version;
}

export { and, eq, inArray };
