import { and, eq } from 'drizzle-orm';
import { DEMO_IDS } from '../../services/demo';
import { auditLog as communityAuditLog } from '../../services/community/tables';
import { elderlyProfiles } from '../../services/elderly-care/tables';
import { client, dataOf, errorOf, rowCount, USER_ERRORS, userErrorOf, type UserErrorValue } from '../support/graphql';
import { givenUnenrolledResident } from '../support/elders';
import { useElderlyCareStack } from './fixtures';

const world = useElderlyCareStack();

const ENROLL = `mutation($input: EnrollElderInput!) { enrollElder(input: $input) { elder { careTags livingArrangement needs version } ${USER_ERRORS} } }`;
type Enrolled = {
  enrollElder: { elder: { careTags: string[]; livingArrangement: string; needs: string[]; version: number } | null; userErrors: UserErrorValue[]; clientMutationId: string | null } | null;
};
type ElderlyCareOf = { resident: { name: string; elderlyCare: { livingArrangement: string; mealPlan: unknown } | null } };

describe('enrolling an elder in elderly care', () => {
  it("copies the resident's household, grid, community and care tags from community, and shows on Resident.elderlyCare", async () => {
    const residentId = await givenUnenrolledResident(world.stack, { birthDate: '1958-05-04', tags: ['LIVES_ALONE', 'VETERAN'] });
    const worker = client(world.stack.gateway.url, world.token.gridWorker);
    const before = dataOf(await worker<ElderlyCareOf>(`{ resident(id: "${residentId}") { name elderlyCare { livingArrangement } } }`));
    expect(before.resident.elderlyCare).toBeNull();

    const { enrollElder } = dataOf(await worker<Enrolled>(ENROLL, { input: { residentId, livingArrangement: 'ALONE', needs: ['MEAL'], clientMutationId: 'enrol-1', idempotencyKey: 'k-1' } }));
    expect(enrollElder).toEqual({ elder: { careTags: ['LIVES_ALONE'], livingArrangement: 'ALONE', needs: ['MEAL'], version: 1 }, userErrors: [], clientMutationId: 'enrol-1' });

    const [row] = await world.stack.handle.db.select().from(elderlyProfiles).where(eq(elderlyProfiles.residentId, residentId));
    expect(row).toMatchObject({ householdId: DEMO_IDS.household, gridId: DEMO_IDS.grid, birthDate: '1958-05-04' });
    expect(row!.communityId).toMatch(/^community-/);

    const after = dataOf(await worker<ElderlyCareOf>(`{ resident(id: "${residentId}") { name elderlyCare { livingArrangement mealPlan { id } } } }`));
    expect(after.resident).toEqual({ name: '新登记', elderlyCare: { livingArrangement: 'ALONE', mealPlan: null } });

    const again = dataOf(await worker<Enrolled>(ENROLL, { input: { residentId, livingArrangement: 'ALONE' } })).enrollElder;
    expect(userErrorOf(again, 'CONFLICT').field).toEqual(['input', 'residentId']);
  });

  it('refuses residents under 60, unknown residents, residents the caller may not see and bad contacts (userErrors), and residents of the household (FORBIDDEN), writing nothing', async () => {
    const young = await givenUnenrolledResident(world.stack, { birthDate: '1990-01-01' });
    const before = await rowCount(world.stack, elderlyProfiles);
    const worker = client(world.stack.gateway.url, world.token.gridWorker);
    const under60 = dataOf(await worker<Enrolled>(ENROLL, { input: { residentId: young, livingArrangement: 'CHILDREN' } })).enrollElder;
    expect(userErrorOf(under60, 'BAD_USER_INPUT')).toMatchObject({ message: expect.stringMatching(/under 60/), field: ['input', 'residentId'] });
    const unknown = dataOf(await worker<Enrolled>(ENROLL, { input: { residentId: 'resident-nope', livingArrangement: 'ALONE' } })).enrollElder;
    expect(userErrorOf(unknown, 'NOT_FOUND').field).toEqual(['input', 'residentId']);

    const elder = await givenUnenrolledResident(world.stack, { birthDate: '1950-02-03' });
    // Community hides the resident from a worker of another grid: answered as for no such resident, audited as denied there.
    const deniedRows = () => rowCount(world.stack, communityAuditLog, and(eq(communityAuditLog.actorSub, 'worker:other'), eq(communityAuditLog.subjectId, elder), eq(communityAuditLog.outcome, 'DENIED')));
    const deniedBefore = await deniedRows();
    const outsider = client(world.stack.gateway.url, world.token.otherGridWorker);
    const hidden = dataOf(await outsider<Enrolled>(ENROLL, { input: { residentId: elder, livingArrangement: 'SPOUSE' } })).enrollElder;
    expect(userErrorOf(hidden, 'NOT_FOUND')).toMatchObject({ field: ['input', 'residentId'], message: `Resident ${elder} was not found.` });
    expect(userErrorOf(unknown, 'NOT_FOUND').message).toBe('Resident resident-nope was not found.');
    expect(await deniedRows()).toBe(deniedBefore + 1);
    // A resident of the same household sees the resident, but may not enrol them.
    const resident = client(world.stack.gateway.url, world.token.elder);
    errorOf(await resident(ENROLL, { input: { residentId: elder, livingArrangement: 'SPOUSE' } }), 'FORBIDDEN');
    const badContacts = { residentId: elder, livingArrangement: 'SPOUSE', emergencyContacts: [{ name: '', relation: '女儿', phone: '13800001111' }] };
    const refused = dataOf(await worker<Enrolled>(ENROLL, { input: badContacts })).enrollElder;
    expect(userErrorOf(refused, 'BAD_USER_INPUT').field).toEqual(['input', 'emergencyContacts', '0', 'name']);
    expect(await rowCount(world.stack, elderlyProfiles)).toBe(before);
  });

  // Last: it stops community for the rest of this file.
  it('says which service is down when community cannot be asked', async () => {
    const elder = await givenUnenrolledResident(world.stack, { birthDate: '1949-09-09' });
    await world.stack.subgraphs.community!.stop();
    const direct = client(world.stack.subgraphs['elderly-care']!.url, world.token.gridWorker);
    const result = await direct<Enrolled>(ENROLL, { input: { residentId: elder, livingArrangement: 'ALONE' } });
    expect(errorOf(result, 'SUBGRAPH_UNAVAILABLE').message).toBe('The community service is unavailable; try again later.');
  });
});
