import { readFileSync } from 'node:fs';
import path from 'node:path';
import { and, count, eq, isNotNull, isNull, ne, sql } from 'drizzle-orm';
import { communitySubgraph } from '../../services/community';
import { buildings, gridAssignments, gridWorkers, households, residents } from '../../services/community/tables';
import { client } from '../support/graphql';
import { asGateway, startTestStack, tokenFor, type GraphQLResponse, type TestStack } from '../support/stack';
import { ACCESS_TABLE_FILES, FIELD_RULES, MASKED, renderAccessTable, VIEWERS, withRenderedTable, type Outcome, type ViewerKey } from './field-access.table';

/**
 * Every cell of the role × field table (field-access.table.ts), asked of the gateway and of the community subgraph
 * directly: a subject resident who shares a household, seen by each viewer. The docs show the same table.
 */

interface Subject {
  id: string;
  householdId: string;
  housemateId: string;
  otherResidentId: string;
  gridId: string;
  otherGridId: string;
  birthDate: string;
  phone: string;
  idNumber: string;
  workerPhone: string;
}

let stack: TestStack;
let subject: Subject;
const tokens = {} as Record<ViewerKey, string | undefined>;

/** A registered resident with a phone who shares their household, in a grid with a worker; another household elsewhere. */
async function chooseSubject(): Promise<Subject> {
  const db = stack.handle.db;
  const shared = db
    .select({ householdId: residents.householdId })
    .from(residents)
    .where(isNull(residents.deregisteredAt))
    .groupBy(residents.householdId)
    .having(sql`${count()} >= 2`);
  const [chosen] = await db
    .select({ id: residents.id, householdId: residents.householdId, gridId: buildings.gridId, birthDate: residents.birthDate, phone: residents.phone, idNumber: residents.idNumber })
    .from(residents)
    .innerJoin(households, eq(households.id, residents.householdId))
    .innerJoin(buildings, eq(buildings.id, households.buildingId))
    .where(and(isNotNull(residents.phone), isNull(residents.deregisteredAt), sql`${residents.householdId} in ${shared}`))
    .orderBy(residents.id)
    .limit(1);
  const [housemate] = await db
    .select({ id: residents.id })
    .from(residents)
    .where(and(eq(residents.householdId, chosen!.householdId), ne(residents.id, chosen!.id), isNull(residents.deregisteredAt)))
    .limit(1);
  const [other] = await db
    .select({ id: residents.id, gridId: buildings.gridId })
    .from(residents)
    .innerJoin(households, eq(households.id, residents.householdId))
    .innerJoin(buildings, eq(buildings.id, households.buildingId))
    .where(and(ne(buildings.gridId, chosen!.gridId), isNull(residents.deregisteredAt)))
    .limit(1);
  const [worker] = await db
    .select({ phone: gridWorkers.phone })
    .from(gridAssignments)
    .innerJoin(gridWorkers, eq(gridWorkers.id, gridAssignments.gridWorkerId))
    .where(eq(gridAssignments.gridId, chosen!.gridId))
    .orderBy(gridWorkers.role, gridWorkers.id)
    .limit(1);
  return {
    ...chosen!,
    phone: chosen!.phone!,
    housemateId: housemate!.id,
    otherResidentId: other!.id,
    otherGridId: other!.gridId,
    workerPhone: worker!.phone,
  };
}

beforeAll(async () => {
  stack = await startTestStack([communitySubgraph]);
  subject = await chooseSubject();
  const resident = (residentId: string) => tokenFor({ sub: `resident:${residentId}`, roles: ['resident'], residentId });
  Object.assign(tokens, {
    anonymous: undefined,
    self: await resident(subject.id),
    household: await resident(subject.housemateId),
    otherResident: await resident(subject.otherResidentId),
    gridWorker: await tokenFor({ sub: 'worker:own', roles: ['grid_worker'], gridIds: [subject.gridId] }),
    otherGridWorker: await tokenFor({ sub: 'worker:other', roles: ['grid_worker'], gridIds: [subject.otherGridId] }),
    careWorker: await tokenFor({ sub: 'care:own', roles: ['care_worker'], gridIds: [subject.gridId] }),
    housingOfficer: await tokenFor({ roles: ['housing_officer'] }),
    environmentOfficer: await tokenFor({ roles: ['environment_officer'] }),
    safetyOfficer: await tokenFor({ roles: ['safety_officer'] }),
    admin: await tokenFor({ roles: ['admin'] }),
    partner: await tokenFor({ roles: ['partner'], aud: ['community'] }),
  });
}, 180_000);
afterAll(() => stack?.stop());

type Target = 'gateway' | 'subgraph';
const urlOf = (target: Target) => (target === 'gateway' ? stack.gateway.url : stack.subgraphs.community!.url);

/**
 * The outcome a response shows: `record` picks the record (undefined or null when absent), `field` its value; the
 * value is compared with what is stored and with its masked form.
 */
function outcomeOf(
  response: GraphQLResponse<Record<string, unknown>>,
  record: (data: Record<string, unknown>) => unknown,
  field: (record: never) => unknown,
  stored: unknown,
  masked?: unknown,
): Outcome | string {
  const codes = (response.errors ?? []).map((e) => e.extensions?.code);
  if (codes.length === 1 && codes[0] === 'UNAUTHENTICATED') return 'sign in';
  if (response.status === 403 && codes.length === 1 && codes[0] === 'FORBIDDEN' && !response.data) return 'refused';
  if (codes.length) return `errors ${codes.join(',')}`;
  const found = response.data ? record(response.data) : undefined;
  if (found === null || found === undefined) return 'hidden';
  const value = field(found as never);
  if (value === null) return 'null';
  if (JSON.stringify(value) === JSON.stringify(stored)) return 'full';
  if (masked !== undefined && value === masked) return 'masked';
  return `unexpected ${JSON.stringify(value)}`;
}

/** The resident by id (a root query, through the gateway or at the subgraph). */
const readResident = (selection: string) => (viewer: ViewerKey, target: Target) =>
  client(urlOf(target), tokens[viewer])<Record<string, unknown>>(`query($id: ID!) { resident(id: $id) { ${selection} } }`, { id: subject.id });

/** The household by id, as the gateway asks the subgraph for it (`_entities`, with the gateway's credential). */
const readHousehold = (selection: string) => (viewer: ViewerKey) =>
  client(urlOf('subgraph'), tokens[viewer], asGateway)<Record<string, unknown>>(
    `query($r: [_Any!]!) { _entities(representations: $r) { ... on Household { ${selection} } } }`,
    { r: [{ __typename: 'Household', id: subject.householdId }] },
  );

type Resident = { id: string; birthDate: string | null; phone: string | null; idNumber: string; household: { address: string } };
const resident = (data: Record<string, unknown>) => data.resident;
const entity = (data: Record<string, unknown>) => (data._entities as unknown[])[0];

/** How each row of the table is observed: through which targets, and what stands for "full" and "masked". */
const OBSERVERS: Record<string, { targets: Target[]; observe(viewer: ViewerKey, target: Target): Promise<Outcome | string> }> = {
  resident: {
    targets: ['gateway', 'subgraph'],
    observe: async (viewer, target) => outcomeOf(await readResident('id')(viewer, target), resident, (r: Resident) => r.id, subject.id),
  },
  birthDate: {
    targets: ['gateway', 'subgraph'],
    observe: async (viewer, target) => outcomeOf(await readResident('birthDate')(viewer, target), resident, (r: Resident) => r.birthDate, subject.birthDate),
  },
  phone: {
    targets: ['gateway', 'subgraph'],
    observe: async (viewer, target) =>
      outcomeOf(await readResident('phone')(viewer, target), resident, (r: Resident) => r.phone, subject.phone, MASKED.phone(subject.phone)),
  },
  idNumber: {
    targets: ['gateway', 'subgraph'],
    observe: async (viewer, target) =>
      outcomeOf(await readResident('idNumber')(viewer, target), resident, (r: Resident) => r.idNumber, subject.idNumber, MASKED.idNumber(subject.idNumber)),
  },
  residentAddress: {
    targets: ['gateway', 'subgraph'],
    observe: async (viewer, target) => {
      const admin = await client(urlOf('subgraph'), tokens.admin)<{ resident: Resident }>(`{ resident(id: "${subject.id}") { household { address } } }`);
      return outcomeOf(await readResident('household { address }')(viewer, target), resident, (r: Resident) => r.household.address, admin.data!.resident.household.address);
    },
  },
  household: {
    targets: ['subgraph'],
    observe: async (viewer) => outcomeOf(await readHousehold('id')(viewer), entity, (h: { id: string }) => h.id, subject.householdId),
  },
  householdMembers: {
    targets: ['subgraph'],
    observe: async (viewer) =>
      outcomeOf(await readHousehold('residents { id }')(viewer), entity, (h: { residents: { id: string }[] }) => h.residents.some((r) => r.id === subject.id), true),
  },
  workerPhone: {
    targets: ['gateway', 'subgraph'],
    observe: async (viewer, target) =>
      outcomeOf(
        await client(urlOf(target), tokens[viewer])<Record<string, unknown>>(`query($id: ID!) { grid(id: $id) { workers(first: 1) { edges { node { phone } } } } }`, {
          id: subject.gridId,
        }),
        (data) => data.grid,
        (grid: { workers: { edges: { node: { phone: string } }[] } }) => grid.workers.edges[0]!.node.phone,
        subject.workerPhone,
      ),
  },
};

const CELLS = FIELD_RULES.flatMap((field) =>
  OBSERVERS[field.key]!.targets.flatMap((target) =>
    VIEWERS.map((viewer: (typeof VIEWERS)[number] & { atGateway?: Outcome }) => [field.key, viewer.key, target, (target === 'gateway' && viewer.atGateway) || field.cells[viewer.key]] as const),
  ),
);

describe('the role × field table, cell by cell', () => {
  it('has an observer for every row, and every row a cell for every viewer', () => {
    expect(Object.keys(OBSERVERS).sort()).toEqual(FIELD_RULES.map((f) => f.key).sort());
    expect(CELLS.length).toBeGreaterThanOrEqual(FIELD_RULES.length * VIEWERS.length);
  });

  it.each(CELLS)('%s as %s via the %s: %s', async (field, viewer, target, expected) => {
    expect(await OBSERVERS[field]!.observe(viewer, target)).toBe(expected);
  });
});

describe('the documented table', () => {
  it.each(ACCESS_TABLE_FILES)('%s shows the table exactly as the tests check it (npm run -s docs:access rewrites it)', (file) => {
    const text = readFileSync(path.join(__dirname, '..', '..', file), 'utf8');
    expect(withRenderedTable(text)).toBe(text);
    expect(text).toContain(renderAccessTable());
  });
});
