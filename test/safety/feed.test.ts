import { eq, inArray } from 'drizzle-orm';
import type { ChangeEvent } from '../../services/kit/feed';
import type { DatabaseHandle } from '../../services/kit/db';
import type { CommunityEvent } from '../../services/domain/community-events';
import { safetySubgraph } from '../../services/safety';
import { applyCommunityEvents } from '../../services/safety/feed';
import { devices, householdCopies, residentCopies, sites } from '../../services/safety/tables';
import { openTestDatabase } from '../support/database';

/** Community's change feed applied to safety's copies, with synthetic events (as community's outbox would carry them). */
let handle: DatabaseHandle;
beforeAll(async () => {
  handle = await openTestDatabase();
  await handle.migrate(safetySubgraph.migrationsFolder, safetySubgraph.pgSchema);
  await handle.db.insert(householdCopies).values([
    { id: 'h-1', buildingId: 'b-1', gridId: 'g-1', communityId: 'c-1' },
    { id: 'h-2', buildingId: 'b-1', gridId: 'g-1', communityId: 'c-1' },
    { id: 'h-3', buildingId: 'b-2', gridId: 'g-1', communityId: 'c-1' },
  ]);
  await handle.db.insert(residentCopies).values([{ id: 'r-1', householdId: 'h-1' }]);
  await handle.db.insert(devices).values({ id: 'd-1', householdId: 'h-1', kind: 'SOS_BUTTON' });
  await handle.db.insert(sites).values({ id: 's-1', name: '1幢', kind: 'BUILDING', communityId: 'c-1', gridId: 'g-1', buildingId: 'b-1', address: '1幢' });
}, 60_000);
afterAll(() => handle?.close());

let position = 0;
const changes = (...events: CommunityEvent[]): ChangeEvent[] =>
  events.map((payload) => ({ position: ++position, kind: payload.kind, entityId: 'x', payload, occurredAt: new Date().toISOString() }));
const apply = (batch: ChangeEvent[]) => handle.db.transaction((tx) => applyCommunityEvents(tx, batch));
const householdsNow = async () => Object.fromEntries((await handle.db.select().from(householdCopies).orderBy(householdCopies.id)).map((h) => [h.id, h.gridId]));

describe("applying community's change feed", () => {
  it('moves a resident to another household without moving the devices of the old one', async () => {
    const batch = changes({ kind: 'RESIDENT_MOVED', residentId: 'r-1', householdId: 'h-9', buildingId: 'b-9', gridId: 'g-9', communityId: 'c-2' });
    await apply(batch);
    await apply(batch);
    expect(await handle.db.select().from(residentCopies).where(eq(residentCopies.id, 'r-1'))).toEqual([{ id: 'r-1', householdId: 'h-9' }]);
    expect(await handle.db.select({ id: householdCopies.id, gridId: householdCopies.gridId }).from(householdCopies).where(eq(householdCopies.id, 'h-9'))).toEqual([{ id: 'h-9', gridId: 'g-9' }]);
    expect(await handle.db.select({ householdId: devices.householdId }).from(devices).where(eq(devices.id, 'd-1'))).toEqual([{ householdId: 'h-1' }]);
  });

  it('moves every household a reassigned building lists, and the site that is the building, to the new grid, idempotently', async () => {
    const batch = changes({ kind: 'BUILDING_REASSIGNED', buildingId: 'b-1', gridId: 'g-2', communityId: 'c-1', householdIds: ['h-1', 'h-2'] });
    await apply(batch);
    const once = await householdsNow();
    await apply(batch);
    expect(await householdsNow()).toEqual(once);
    expect(once).toMatchObject({ 'h-1': 'g-2', 'h-2': 'g-2', 'h-3': 'g-1' });
    expect(await handle.db.select({ gridId: sites.gridId }).from(sites).where(eq(sites.id, 's-1'))).toEqual([{ gridId: 'g-2' }]);
  });

  it('forgets a deregistered resident and ignores events it does not need', async () => {
    await apply(changes({ kind: 'RESIDENT_TAGS_CHANGED', residentId: 'r-1', tags: ['LIVES_ALONE'] }, { kind: 'RESIDENT_DEREGISTERED', residentId: 'r-1', reason: 'DECEASED' }));
    expect(await handle.db.select().from(residentCopies).where(inArray(residentCopies.id, ['r-1']))).toEqual([]);
    expect(await handle.db.select({ id: devices.id }).from(devices)).toEqual([{ id: 'd-1' }]);
  });
});
