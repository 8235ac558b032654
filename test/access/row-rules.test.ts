import { ANONYMOUS, type Viewer } from '../../services/kit/auth';
import type { RowRule } from '../../services/kit/access';
import { canSeeContact, canSeeIdNumber, householdRule, mayEditHousehold, residentRule, type HouseholdRecord, type ResidentRecord } from '../../services/community/access';
import { assertCaresFor, elderRule, type ElderKeys } from '../../services/elderly-care/access';
import { assertHandles, assertPatrols, issueRule, type IssueKeys } from '../../services/environment/access';
import { consentVoteRule, elevatorRetrofitRule, renovationProjectRule, type HousingViewer } from '../../services/housing/access';
import { alarmRule, deviceRule, hazardRule, inspectionRule, seesGrid, seesPlace, type Placed } from '../../services/safety/access';
import type { ConsentVoteRow, ElevatorRetrofitRow, RenovationProjectRow } from '../../services/housing/tables';

/**
 * The `allows` half of every row rule, and the per-field and write checks beside them, against docs/architecture.md
 * "Identity and access" and issue 14's partner scopes: for each persona, exactly which of a few hand-made rows it
 * sees. (test/access-rules checks that each rule's SQL half selects the same rows as this half on the demo district.)
 */
const viewer = (claims: Partial<HousingViewer>): HousingViewer => ({ authenticated: true, roles: [], gridIds: [], audience: [], scopes: [], ...claims });
const partner = (...scopes: string[]) => viewer({ roles: ['partner'], scopes });

const P = {
  anonymous: ANONYMOUS,
  admin: viewer({ roles: ['admin'] }),
  housingOfficer: viewer({ roles: ['housing_officer'] }),
  environmentOfficer: viewer({ roles: ['environment_officer'] }),
  safetyOfficer: viewer({ roles: ['safety_officer'] }),
  deviceGateway: viewer({ roles: ['device_gateway'] }),
  gridWorker: viewer({ roles: ['grid_worker'], gridIds: ['g1'] }),
  careWorker: viewer({ roles: ['care_worker'], gridIds: ['g1'] }),
  /** A resident (r1, of household h1 in building b1); the grids their token names count for nothing. */
  resident: viewer({ roles: ['resident'], residentId: 'r1', gridIds: ['g1'], home: { householdId: 'h1', buildingId: 'b1' } }),
  /** A signed-in member with no role that reads anything. */
  nobody: viewer({ roles: ['member'] }),
  /** Scopes count on partner tokens only. */
  staffWithScopes: viewer({ roles: ['grid_worker'], gridIds: ['g2'], scopes: ['community:district:read', 'housing:compound:c1:read', 'safety:grid:g1:read'] }),
  communityDistrict: partner('community:district:read'),
  communityGrid: partner('community:grid:g1:read'),
  elderlyDistrict: partner('elderly-care:district:read'),
  elderlyGrid: partner('elderly-care:grid:g1:read'),
  housingDistrict: partner('housing:district:read'),
  housingCompound: partner('housing:compound:c1:read'),
  environmentDistrict: partner('environment:district:read'),
  environmentGrid: partner('environment:grid:g1:read'),
  safetyDistrict: partner('safety:district:read'),
  safetyGrid: partner('safety:grid:g1:read'),
  /** A scope outside the vocabulary grants nothing. */
  unknownScope: partner('community:everything:read', 'housing:grid:g1:read'),
} satisfies Record<string, HousingViewer>;
type Persona = keyof typeof P;

/** Whether a row of the resident's household (h1, building b1) is the viewer's: the flag the rules' SQL computes. */
const mine = (who: Viewer) => who.residentId === 'r1';

/** Which of `rows` (by id; as read for that viewer) the persona's `allows` lets through. */
function seenBy<Row>(rule: Pick<RowRule<Row>, 'allows'>, rows: (who: Viewer) => (Row & { id: string })[]) {
  return (persona: Persona) => rows(P[persona]).filter((row) => rule.allows(P[persona], row)).map((row) => row.id);
}

/** Every persona not named in `seen`, seeing nothing; the named ones seeing what they say. */
function expectSeen(seen: (persona: Persona) => string[], expected: Partial<Record<Persona, string[]>>) {
  const actual = Object.fromEntries(Object.keys(P).map((persona) => [persona, seen(persona as Persona)]));
  const wanted = Object.fromEntries(Object.keys(P).map((persona) => [persona, expected[persona as Persona] ?? []]));
  expect(actual).toEqual(wanted);
}

describe('community', () => {
  const resident = (id: string, gridId: string, inViewerHousehold: boolean) => ({ id, gridId, inViewerHousehold }) as ResidentRecord;
  // The resident themself (flag off: a resident sees themself whatever the household join says), a household mate,
  // and a stranger in the grid the resident's token names.
  const residents = (who: Viewer) => [resident('r1', 'g2', false), resident('r2', 'g2', mine(who)), resident('r3', 'g1', false)];
  const all = ['r1', 'r2', 'r3'];

  it('residents: admins, officers and district partners all; a resident themself and their household; a grid its workers', () => {
    expectSeen(seenBy(residentRule, residents), {
      admin: all,
      housingOfficer: all,
      environmentOfficer: all,
      safetyOfficer: all,
      communityDistrict: all,
      gridWorker: ['r3'],
      careWorker: ['r3'],
      communityGrid: ['r3'],
      resident: ['r1', 'r2'],
      staffWithScopes: ['r1', 'r2'],
      // Also of partners of other subgraphs: kit/auth admits a partner to its token's one subgraph only.
      elderlyDistrict: all,
      housingDistrict: all,
      environmentDistrict: all,
      safetyDistrict: all,
      elderlyGrid: ['r3'],
      environmentGrid: ['r3'],
      safetyGrid: ['r3'],
    });
  });

  it('households: as their residents, by the household flag and the grid', () => {
    const household = (id: string, gridId: string, inViewerHousehold: boolean) => ({ id, gridId, inViewerHousehold }) as HouseholdRecord;
    const all = ['h1', 'h2'];
    expectSeen(seenBy(householdRule, (who) => [household('h1', 'g2', mine(who)), household('h2', 'g1', false)]), {
      admin: all,
      housingOfficer: all,
      environmentOfficer: all,
      safetyOfficer: all,
      communityDistrict: all,
      elderlyDistrict: all,
      housingDistrict: all,
      environmentDistrict: all,
      safetyDistrict: all,
      gridWorker: ['h2'],
      careWorker: ['h2'],
      communityGrid: ['h2'],
      elderlyGrid: ['h2'],
      environmentGrid: ['h2'],
      safetyGrid: ['h2'],
      resident: ['h1'],
      staffWithScopes: ['h1'],
    });
  });

  it('contact details (phone, birth date): the person, their grid workers and admins; not officers or district partners', () => {
    const own = resident('r1', 'g2', true);
    const inGrid = resident('r3', 'g1', false);
    const who = (row: ResidentRecord) => (Object.keys(P) as Persona[]).filter((p) => canSeeContact(P[p], row));
    expect(who(own)).toEqual(['admin', 'resident', 'staffWithScopes']);
    expect(who(inGrid)).toEqual(['admin', 'gridWorker', 'careWorker', 'communityGrid', 'elderlyGrid', 'environmentGrid', 'safetyGrid']);
  });

  it('the whole ID number: the person and admins only', () => {
    const who = (row: ResidentRecord) => (Object.keys(P) as Persona[]).filter((p) => canSeeIdNumber(P[p], row));
    expect(who(resident('r1', 'g1', true))).toEqual(['admin', 'resident']);
    expect(who(resident('r3', 'g1', false))).toEqual(['admin']);
  });

  it("editing a household: admins anywhere, grid workers in their grid; not care workers, partners or the household's residents", () => {
    const who = (gridId: string) => (Object.keys(P) as Persona[]).filter((p) => mayEditHousehold(P[p], gridId));
    expect(who('g1')).toEqual(['admin', 'gridWorker']);
    expect(who('g2')).toEqual(['admin', 'staffWithScopes']);
    expect(who('g3')).toEqual(['admin']);
  });
});

describe('elderly care', () => {
  const elder = (residentId: string, gridId: string) => ({ id: residentId, residentId, gridId });
  const elders = () => [elder('r1', 'g2'), elder('r3', 'g1')];

  it("care records: the elder, their grid's grid and care workers, admins, partners by scope; not officers", () => {
    const both = ['r1', 'r3'];
    expectSeen(seenBy(elderRule, elders), {
      admin: both,
      resident: ['r1'],
      staffWithScopes: ['r1'],
      gridWorker: ['r3'],
      careWorker: ['r3'],
      communityGrid: ['r3'],
      elderlyGrid: ['r3'],
      environmentGrid: ['r3'],
      safetyGrid: ['r3'],
      communityDistrict: both,
      elderlyDistrict: both,
      housingDistrict: both,
      environmentDistrict: both,
      safetyDistrict: both,
    });
  });

  it('care work: admins, and the grid and care workers of the elder’s grid; FORBIDDEN for others, UNAUTHENTICATED anonymous', () => {
    const keys: ElderKeys = { residentId: 'r3', gridId: 'g1' };
    const allowed = (Object.keys(P) as Persona[]).filter((p) => {
      try {
        assertCaresFor(P[p], keys);
        return true;
      } catch {
        return false;
      }
    });
    expect(allowed).toEqual(['admin', 'gridWorker', 'careWorker']);
    expect(() => assertCaresFor(P.elderlyGrid, keys)).toThrow(
      expect.objectContaining({ message: 'Only admins and the workers of grid g1 may do this for resident r3.', extensions: expect.objectContaining({ code: 'FORBIDDEN' }) }),
    );
    expect(() => assertCaresFor(P.anonymous, keys)).toThrow(expect.objectContaining({ extensions: expect.objectContaining({ code: 'UNAUTHENTICATED' }) }));
  });
});

describe('environment', () => {
  const issue = (id: string, gridId: string, reporterResidentId: string | null): IssueKeys => ({ id, gridId, reporterResidentId });
  const issues = () => [issue('i1', 'g2', 'r1'), issue('i2', 'g1', null), issue('i3', 'g2', 'r9')];
  const all = ['i1', 'i2', 'i3'];

  it("issues: a resident their own reports, a grid's grid worker (not care worker) its issues, environment officers all", () => {
    expectSeen(seenBy(issueRule, issues), {
      admin: all,
      environmentOfficer: all,
      communityDistrict: all,
      elderlyDistrict: all,
      housingDistrict: all,
      environmentDistrict: all,
      safetyDistrict: all,
      resident: ['i1'],
      staffWithScopes: ['i1', 'i3'],
      gridWorker: ['i2'],
      communityGrid: ['i2'],
      elderlyGrid: ['i2'],
      environmentGrid: ['i2'],
      safetyGrid: ['i2'],
    });
  });

  const mayDo = (check: (viewer: Viewer) => void) =>
    (Object.keys(P) as Persona[]).filter((p) => {
      try {
        check(P[p]);
        return true;
      } catch {
        return false;
      }
    });

  it('handling an issue: environment officers and admins anywhere, grid workers in their grids; never partners', () => {
    expect(mayDo((v) => assertHandles(v, issue('i2', 'g1', null)))).toEqual(['admin', 'environmentOfficer', 'gridWorker']);
    expect(mayDo((v) => assertHandles(v, issue('i1', 'g2', 'r1')))).toEqual(['admin', 'environmentOfficer', 'staffWithScopes']);
    expect(() => assertHandles(P.environmentGrid, issue('i2', 'g1', null))).toThrow(
      expect.objectContaining({
        message: 'Only environment officers, admins and the grid workers of grid g1 may handle environment issue i2.',
        extensions: expect.objectContaining({ code: 'FORBIDDEN' }),
      }),
    );
    expect(() => assertHandles(P.anonymous, issue('i2', 'g1', null))).toThrow(expect.objectContaining({ extensions: expect.objectContaining({ code: 'UNAUTHENTICATED' }) }));
  });

  it('recording a patrol: the same people, along the segment’s grid', () => {
    expect(mayDo((v) => assertPatrols(v, { id: 's1', gridId: 'g1' }))).toEqual(['admin', 'environmentOfficer', 'gridWorker']);
    expect(mayDo((v) => assertPatrols(v, { id: 's2', gridId: 'g3' }))).toEqual(['admin', 'environmentOfficer']);
    expect(() => assertPatrols(P.environmentDistrict, { id: 's1', gridId: 'g1' })).toThrow(
      expect.objectContaining({
        message: 'Only environment officers, admins and the grid workers of grid g1 may record patrols of river segment s1.',
        extensions: expect.objectContaining({ code: 'FORBIDDEN' }),
      }),
    );
    expect(() => assertPatrols(P.anonymous, { id: 's1', gridId: 'g1' })).toThrow(expect.objectContaining({ extensions: expect.objectContaining({ code: 'UNAUTHENTICATED' }) }));
  });
});

describe('housing', () => {
  const signedIn = (Object.keys(P) as Persona[]).filter((p) => p !== 'anonymous');

  it('renovation projects: every signed-in viewer, no anonymous one', () => {
    const project = { id: 'p1' } as RenovationProjectRow;
    expect((Object.keys(P) as Persona[]).filter((p) => renovationProjectRule.allows(P[p], project))).toEqual(signedIn);
  });

  it("elevator retrofits: housing staff and district partners all; a grid's workers, a compound's partner, a building's residents theirs", () => {
    const retrofit = (id: string, gridId: string, compoundId: string, buildingId: string) => ({ id, gridId, compoundId, buildingId }) as ElevatorRetrofitRow;
    const rows = [retrofit('e1', 'g1', 'c2', 'b2'), retrofit('e2', 'g2', 'c1', 'b2'), retrofit('e3', 'g2', 'c2', 'b1'), retrofit('e4', 'g3', 'c3', 'b3')];
    const all = ['e1', 'e2', 'e3', 'e4'];
    expectSeen(seenBy(elevatorRetrofitRule, () => rows), {
      admin: all,
      housingOfficer: all,
      communityDistrict: all,
      elderlyDistrict: all,
      housingDistrict: all,
      environmentDistrict: all,
      safetyDistrict: all,
      gridWorker: ['e1'],
      careWorker: ['e1'],
      communityGrid: ['e1'],
      elderlyGrid: ['e1'],
      environmentGrid: ['e1'],
      safetyGrid: ['e1'],
      housingCompound: ['e2'],
      resident: ['e3'],
      // A grid worker of g2 (their scopes do not count).
      staffWithScopes: ['e2', 'e3'],
    });
  });

  it("consent votes: housing staff every household's, a resident their own household's; nobody else, partners included", () => {
    const vote = (id: string, householdId: string) => ({ id, householdId }) as unknown as ConsentVoteRow & { id: string };
    expectSeen(seenBy(consentVoteRule, () => [vote('v1', 'h1'), vote('v2', 'h2')]), { admin: ['v1', 'v2'], housingOfficer: ['v1', 'v2'], resident: ['v1'] });
    expect(consentVoteRule.describe({ householdId: 'h2' } as ConsentVoteRow)).toBe('of household h2');
  });
});

describe('safety', () => {
  const placed = (id: string, gridId: string | null, isViewers: boolean) => ({ id, gridId, isViewers }) as Placed & { id: string };
  // In a grid; the viewer's own (its grid unknown to safety); in another grid.
  const rows = (who: Viewer) => [placed('d1', 'g1', false), placed('d2', null, mine(who)), placed('d3', 'g2', false)];
  const all = ['d1', 'd2', 'd3'];
  const everything = {
    admin: all,
    safetyOfficer: all,
    deviceGateway: all,
    communityDistrict: all,
    elderlyDistrict: all,
    housingDistrict: all,
    environmentDistrict: all,
    safetyDistrict: all,
  };
  const grid = { gridWorker: ['d1'], careWorker: ['d1'], communityGrid: ['d1'], elderlyGrid: ['d1'], environmentGrid: ['d1'], safetyGrid: ['d1'] };

  it.each([deviceRule, alarmRule, hazardRule])("$resource: safety officers, the device gateway and admins all; a grid's workers its own; a resident theirs", (rule) => {
    expectSeen(seenBy(rule as unknown as RowRule<Placed & { id: string }>, rows), { ...everything, ...grid, resident: ['d2'], staffWithScopes: ['d3'] });
  });

  it('inspections: not even the resident whose building it is', () => {
    // Even were an inspection's site flagged as the viewer's.
    const inspections = (who: Viewer) => rows(who).map((row) => ({ ...row, isViewers: mine(who) }));
    expectSeen(seenBy(inspectionRule as unknown as RowRule<Placed & { id: string }>, inspections), { ...everything, ...grid, staffWithScopes: ['d3'] });
  });

  it('seesPlace and seesGrid: a row of no known grid is no grid worker’s', () => {
    expect(seesPlace(P.gridWorker, placed('d4', null, false))).toBe(false);
    expect(seesPlace(P.safetyOfficer, placed('d4', null, false))).toBe(true);
    expect((Object.keys(P) as Persona[]).filter((p) => seesGrid(P[p], 'g1'))).toEqual([...Object.keys(everything), ...Object.keys(grid)].sort(byPersonaOrder));
  });
});

const byPersonaOrder = (a: string, b: string) => Object.keys(P).indexOf(a) - Object.keys(P).indexOf(b);

describe('resource and describe', () => {
  it('name what the rule guards, as audit rows (the field of a hidden row) and refusals say', () => {
    const rules = [residentRule, householdRule, elderRule, issueRule, renovationProjectRule, elevatorRetrofitRule, consentVoteRule, deviceRule, alarmRule, hazardRule, inspectionRule];
    expect(rules.map((rule) => rule.resource)).toEqual([
      'resident',
      'household',
      'the care records of resident',
      'environment issue',
      'renovation project',
      'elevator retrofit',
      'consent vote',
      'safety device',
      'alarm',
      'hazard',
      'inspection',
    ]);
  });


  it('names a row by its id, or a vote by its household, in refusals and audit rows', () => {
    const row = { id: 'x1', residentId: 'r7', householdId: 'h7', gridId: 'g7' };
    const names = [residentRule, householdRule, issueRule, renovationProjectRule, elevatorRetrofitRule, deviceRule, alarmRule, hazardRule, inspectionRule].map((rule) =>
      (rule as unknown as RowRule<typeof row>).describe(row),
    );
    expect(names).toEqual(Array(names.length).fill('x1'));
    expect(elderRule.describe(row)).toBe('r7');
  });
});
