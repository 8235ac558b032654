import { ANONYMOUS, viewerFromClaims, type Viewer } from '../services/kit/auth';
import { buildDemoDistrict, DEMO_IDS } from '../services/demo';
import type { HousingViewer } from '../services/housing/access';
import { ROLES } from '../services/domain/people';
import { SUBGRAPHS } from '../services';
import { openSeededDistrict } from './support/database';
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
      expect(selected.map((row) => rule.describe(row)).sort()).toEqual(allowed.sort());
    });
  });
});
