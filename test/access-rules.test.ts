import { ANONYMOUS, viewerFromClaims, type Viewer } from '../services/kit/auth';
import { buildDemoDistrict, DEMO_IDS } from '../services/demo';
import type { HousingViewer } from '../services/housing/access';
import { residentRule, selectPlacedResidentRecords, selectResidentRecords } from '../services/community/access';
import { ROLES } from '../services/domain/people';
import { SUBGRAPHS } from '../services';
import { sql } from 'drizzle-orm';
import { openSeededDistrict, rowsOf } from './support/database';
import type { DatabaseHandle } from '../services/kit/db';

/**
 * Every subgraph's row rules say who may see which rows twice: `allows` (a row in hand: loaders by key,
 * `_entities`) and `where` (lists and counts). Here both halves must select exactly the same rows of the demo
 * district (at a tenth of its size: the same kinds of rows, a tenth of the time), for every role and the viewers the
 * rules tell apart, in every subgraph of the registry: a subgraph added to it is checked without a line here.
 */
const SCALE = 0.1;
const elder = viewerFromClaims({ sub: 'e', roles: ['resident'], residentId: DEMO_IDS.elderLivingAlone });
const elderHome = buildDemoDistrict({ scale: SCALE }).households.find((h) => h.id === DEMO_IDS.household)!;
const viewers: [string, Viewer][] = [
  ['anonymous', ANONYMOUS],
  ...ROLES.map((role): [string, Viewer] => [`a ${role} with no grid or household`, viewerFromClaims({ sub: `test:${role}`, roles: [role] })]),
  ['a grid worker of the demo grid', viewerFromClaims({ sub: 'w', roles: ['grid_worker'], gridIds: [DEMO_IDS.grid] })],
  ['a care worker of two grids', viewerFromClaims({ sub: 'c', roles: ['care_worker'], gridIds: [DEMO_IDS.grid, 'grid-002'] })],
  ['the pinned elder, a resident', elder],
  // As housing reads a resident: with the home community says they live in.
  ['the pinned elder with their home', { ...elder, home: { householdId: elderHome.id, buildingId: elderHome.buildingId } } as HousingViewer],
  ['a grid worker of another grid who is also a resident', viewerFromClaims({ sub: 'wr', roles: ['grid_worker', 'resident'], gridIds: ['grid-002'], residentId: DEMO_IDS.elderLivingAlone })],
  ['a resident whose token names grids', viewerFromClaims({ sub: 'rg', roles: ['resident'], gridIds: [DEMO_IDS.grid] })],
  ['a partner of every subgraph', viewerFromClaims({ sub: 'p', roles: ['partner'], aud: SUBGRAPHS.map((s) => s.name) })],
  ['a partner with every district scope', viewerFromClaims({ sub: 'pd', roles: ['partner'], scope: SUBGRAPHS.map((s) => `${s.name}:district:read`).join(' ') })],
  [
    "a partner with the demo grid's and compound's scopes",
    viewerFromClaims({ sub: 'pg', roles: ['partner'], scope: [...SUBGRAPHS.map((s) => `${s.name}:grid:${DEMO_IDS.grid}:read`), `housing:compound:${DEMO_IDS.bigCompound}:read`].join(' ') }),
  ],
];

let handle: DatabaseHandle;
beforeAll(async () => {
  handle = await openSeededDistrict(SCALE);
}, 300_000);
afterAll(() => handle?.close());

const rules = SUBGRAPHS.flatMap((module) => (module.rowRules ?? []).map((rule) => [`${module.name}: ${rule.resource}`, rule] as const));

describe('row rules', () => {
  it('exist for every subgraph that holds personal data', () => {
    for (const name of ['community', 'elderly-care']) expect(rules.some(([label]) => label.startsWith(`${name}:`))).toBe(true);
  });

  describe.each(rules)('%s', (_label, rule) => {
    it.each(viewers)('selects in SQL exactly the rows it allows one by one, for %s', async (_who, viewer) => {
      const all: unknown[] = await rule.select(handle.db, viewer);
      const selected: unknown[] = await rule.select(handle.db, viewer).where(rule.where(viewer));
      const allowed = all.filter((row) => rule.allows(viewer, row)).map((row) => rule.describe(row));
      expect(all.length).toBeGreaterThan(0);
      // Strictly: toEqual would take rows that lost their columns (`[undefined, …]`) for no rows at all.
      for (const row of all) expect(typeof rule.describe(row)).toBe('string');
      expect(selected.map((row) => rule.describe(row)).sort()).toStrictEqual(allowed.sort());
    });
  });
});

/**
 * Both halves agreeing is not enough: both could drop a resident's own rows (one SQL expression feeds both in safety).
 * For each rule with an "own" part, the rows a resident owns, found here from the tables without the rules (a resident,
 * their household and building, and each row's `describe`), for the resident who owns the most: exactly those.
 */
const OWN_ROWS: Record<string, string> = {
  'community: resident': `select m.id as key from community.residents m join community.residents r on r.household_id = m.household_id`,
  'community: household': `select r.household_id as key from community.residents r`,
  'elderly-care: the care records of resident': `select p.resident_id as key from elderly_care.elderly_profiles p join community.residents r on r.id = p.resident_id`,
  'environment: environment issue': `select i.id as key from environment.environment_issues i join community.residents r on r.id = i.reporter_resident_id`,
  'housing: elevator retrofit': `select e.id as key from housing.elevator_retrofits e join community.households h on h.building_id = e.building_id join community.residents r on r.household_id = h.id`,
  'housing: consent vote': `select 'of household ' || v.household_id as key from housing.consent_votes v join community.residents r on r.household_id = v.household_id`,
  'safety: safety device': `select d.id as key from safety.devices d join community.residents r on r.household_id = d.household_id`,
  'safety: alarm': `select a.id as key from safety.alarms a join community.residents r on r.household_id = a.household_id`,
  'safety: hazard': `select z.id as key from safety.hazards z join community.households h on h.building_id = z.building_id join community.residents r on r.household_id = h.id`,
};

describe.each(rules.filter(([label]) => label in OWN_ROWS))('%s', (label, rule) => {
  it('shows a resident exactly the rows that are theirs, in both halves', async () => {
    const [owner] = rowsOf<{ resident: string; household: string; building: string; keys: string[] }>(
      await handle.db.execute(
        sql.raw(`select r.id as resident, r.household_id as household, h.building_id as building, array_agg(own.key) as keys
          from (${OWN_ROWS[label]!.replace(' as key ', ' as key, r.id as owner ')}) own
          join community.residents r on r.id = own.owner join community.households h on h.id = r.household_id
          group by 1, 2, 3 order by count(*) desc, 1 limit 1`),
      ),
    );
    expect(owner?.keys.length).toBeGreaterThan(0);
    const viewer: HousingViewer = {
      ...viewerFromClaims({ sub: 'owner', roles: ['resident'], residentId: owner!.resident }),
      home: { householdId: owner!.household, buildingId: owner!.building },
    };
    const own = [...owner!.keys].sort();
    const all: unknown[] = await rule.select(handle.db, viewer);
    const selected: unknown[] = await rule.select(handle.db, viewer).where(rule.where(viewer));
    expect(selected.map((row) => rule.describe(row)).sort()).toStrictEqual(own);
    expect(all.filter((row) => rule.allows(viewer, row)).map((row) => rule.describe(row)).sort()).toStrictEqual(own);
  });
});

it('checks the own rows of rules that exist (a renamed rule would silently drop out of the check above)', () => {
  expect(Object.keys(OWN_ROWS).filter((label) => !rules.some(([name]) => name === label))).toEqual([]);
});

/**
 * community's look-ahead (a resident with household, building, compound and grid in one statement) must read residents
 * exactly as the resident rule's own select does, so that the rule's `where` applies to it unchanged.
 */
describe('community: a resident read with their places', () => {
  const byId = (a: { id: string }, b: { id: string }) => a.id.localeCompare(b.id);
  it.each(viewers)('reads the residents the resident rule reads, with their own places, for %s', async (_who, viewer) => {
    const plain = await selectResidentRecords(handle.db, viewer).where(residentRule.where(viewer));
    const placed = await selectPlacedResidentRecords(handle.db, viewer).where(residentRule.where(viewer));
    expect(placed.map((row) => row.resident).sort(byId)).toStrictEqual(plain.sort(byId));
    for (const { resident, household, building, compound, grid } of placed) {
      expect([household.id, building.id, compound.id, grid.id]).toStrictEqual([resident.householdId, household.buildingId, building.compoundId, resident.gridId]);
    }
  });
});

