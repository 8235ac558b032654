import { eq } from 'drizzle-orm';
import { DEMO_IDS } from '../../services/demo';
import { givenResident, validIdNumber } from '../support/factories';
import { elderlyProfiles } from '../../services/elderly-care/tables';
import { client, dataOf, errorOf, rowCount, useElderlyCareStack } from './fixtures';

const world = useElderlyCareStack();

/** Registers a resident of the pinned household (grid-001) through the gateway, as community does. */
async function registerResident(birthDate: string, sequence: string, tags: string[] = []): Promise<string> {
  return (await givenResident(world.stack, { birthDate, gender: 'MALE', name: '新登记', idNumber: validIdNumber(birthDate, Number(sequence)), tags })).id;
}

const ENROLL = `mutation($input: EnrollElderInput!) { enrollElder(input: $input) { careTags livingArrangement needs version } }`;

describe('enrolling an elder in elderly care', () => {
  it("copies the resident's household, grid, community and care tags from community, and shows on Resident.elderlyCare", async () => {
    const residentId = await registerResident('1958-05-04', '013', ['LIVES_ALONE', 'VETERAN']);
    const worker = client(world.stack.gateway.url, world.token.gridWorker);
    const before = dataOf(await worker(`{ resident(id: "${residentId}") { elderlyCare { livingArrangement } } }`));
    expect(before.resident.elderlyCare).toBeNull();

    const { enrollElder } = dataOf(await worker(ENROLL, { input: { residentId, livingArrangement: 'ALONE', needs: ['MEAL'] } }));
    expect(enrollElder).toEqual({ careTags: ['LIVES_ALONE'], livingArrangement: 'ALONE', needs: ['MEAL'], version: 1 });

    const [row] = await world.stack.handle.db.select().from(elderlyProfiles).where(eq(elderlyProfiles.residentId, residentId));
    expect(row).toMatchObject({ householdId: DEMO_IDS.household, gridId: DEMO_IDS.grid, birthDate: '1958-05-04' });
    expect(row!.communityId).toMatch(/^community-/);

    const after = dataOf(await worker(`{ resident(id: "${residentId}") { name elderlyCare { livingArrangement mealPlan { id } } } }`));
    expect(after.resident).toEqual({ name: '新登记', elderlyCare: { livingArrangement: 'ALONE', mealPlan: null } });

    errorOf(await worker(ENROLL, { input: { residentId, livingArrangement: 'ALONE' } }), 'CONFLICT');
  });

  it('refuses residents under 60, unknown residents and workers of other grids, writing nothing', async () => {
    const young = await registerResident('1990-01-01', '021');
    const before = await rowCount(world.stack, elderlyProfiles);
    const worker = client(world.stack.gateway.url, world.token.gridWorker);
    expect(errorOf(await worker(ENROLL, { input: { residentId: young, livingArrangement: 'CHILDREN' } }), 'BAD_USER_INPUT').message).toMatch(/under 60/);
    errorOf(await worker(ENROLL, { input: { residentId: 'resident-nope', livingArrangement: 'ALONE' } }), 'NOT_FOUND');

    const elder = await registerResident('1950-02-03', '031');
    const outsider = client(world.stack.gateway.url, world.token.otherGridWorker);
    errorOf(await outsider(ENROLL, { input: { residentId: elder, livingArrangement: 'SPOUSE' } }), 'FORBIDDEN');
    const resident = client(world.stack.gateway.url, world.token.elder);
    errorOf(await resident(ENROLL, { input: { residentId: elder, livingArrangement: 'SPOUSE' } }), 'FORBIDDEN');
    const badContacts = { residentId: elder, livingArrangement: 'SPOUSE', emergencyContacts: [{ name: '', relation: '女儿', phone: '13800001111' }] };
    errorOf(await worker(ENROLL, { input: badContacts }), 'BAD_USER_INPUT');
    expect(await rowCount(world.stack, elderlyProfiles)).toBe(before);
  });

  it('says which service is down when community cannot be asked', async () => {
    const elder = await registerResident('1949-09-09', '041');
    await world.stack.subgraphs.community!.stop();
    const direct = client(world.stack.subgraphs['elderly-care']!.url, world.token.gridWorker);
    const result = await direct(ENROLL, { input: { residentId: elder, livingArrangement: 'ALONE' } });
    expect(errorOf(result, 'SUBGRAPH_UNAVAILABLE').message).toBe('The community service is unavailable; try again later.');
  });
});
