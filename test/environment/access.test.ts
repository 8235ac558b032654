import { DEMO_IDS } from '../../services/demo';
import { issueRule } from '../../services/environment/access';
import { ENVIRONMENT_DEMO_IDS } from '../../services/environment/demo';
import { ANONYMOUS, viewerFromClaims, type Viewer } from '../../services/kit/auth';
import { client, dataOf, errorOf } from '../support/graphql';
import { demoReporter } from '../support/environment-personas';
import { useEnvironmentStack, type Page } from './fixtures';

const world = useEnvironmentStack();
const gateway = (token?: string) => client(world.stack.gateway.url, token);

const viewers = (): Record<string, Viewer> => ({
  anonymous: ANONYMOUS,
  admin: viewerFromClaims({ sub: 'admin', roles: ['admin'] }),
  environmentOfficer: viewerFromClaims({ sub: 'officer', roles: ['environment_officer'] }),
  housingOfficer: viewerFromClaims({ sub: 'housing', roles: ['housing_officer'] }),
  gridWorker: viewerFromClaims({ sub: 'worker', roles: ['grid_worker'], gridIds: [DEMO_IDS.grid] }),
  careWorker: viewerFromClaims({ sub: 'care', roles: ['care_worker'], gridIds: [DEMO_IDS.grid] }),
  reporter: viewerFromClaims({ sub: 'resident', roles: ['resident'], residentId: demoReporter() }),
  otherResident: viewerFromClaims({ sub: 'elder', roles: ['resident'], residentId: DEMO_IDS.elderLivingAlone }),
});

describe('the environment issue rule', () => {
  it('says the same in both halves for every persona on the demo district', async () => {
    const all = await issueRule.select(world.stack.handle.db, ANONYMOUS);
    expect(all.length).toBeGreaterThan(100);
    for (const [name, viewer] of Object.entries(viewers())) {
      const listed = (await issueRule.select(world.stack.handle.db, viewer).where(issueRule.where(viewer))).map((r) => r.id).sort();
      const allowed = all.filter((row) => issueRule.allows(viewer, row)).map((r) => r.id).sort();
      expect({ name, ids: listed }).toEqual({ name, ids: allowed });
    }
  });

  it('gives a resident their own reports, a grid worker their grids, officers everything, others nothing', async () => {
    const all = await issueRule.select(world.stack.handle.db, ANONYMOUS);
    const seen = (viewer: Viewer) => all.filter((row) => issueRule.allows(viewer, row));
    const v = viewers();
    expect(seen(v.admin).length).toBe(all.length);
    expect(seen(v.environmentOfficer).length).toBe(all.length);
    expect(seen(v.reporter).length).toBeGreaterThan(0);
    expect(seen(v.reporter).every((r) => r.reporterResidentId === demoReporter())).toBe(true);
    expect(seen(v.gridWorker).length).toBeGreaterThan(0);
    expect(seen(v.gridWorker).every((r) => r.gridId === DEMO_IDS.grid)).toBe(true);
    for (const nobody of [v.anonymous, v.housingOfficer, v.careWorker]) expect(seen(nobody)).toEqual([]);
  });
});

describe('reads through the gateway follow the rules', () => {
  const ISSUES = `query { environmentIssues(first: 100) { totalCount edges { node { id grid { id } reporter { id } } } } }`;
  type Issues = { environmentIssues: Page<{ id: string; grid: { id: string }; reporter: { id: string } | null }> };

  it('lists for each viewer what the rule allows', async () => {
    const mine = dataOf(await gateway(world.token.reporter)<Issues>(ISSUES)).environmentIssues;
    expect(mine.totalCount).toBeGreaterThan(0);
    expect(mine.edges.every((e) => e.node.reporter?.id === demoReporter())).toBe(true);
    const grid = dataOf(await gateway(world.token.gridWorker)<Issues>(ISSUES)).environmentIssues;
    expect(grid.edges.every((e) => e.node.grid.id === DEMO_IDS.grid)).toBe(true);
    const officer = dataOf(await gateway(world.token.environmentOfficer)<Issues>(ISSUES)).environmentIssues;
    expect(officer.totalCount).toBeGreaterThan(grid.totalCount);
    expect(dataOf(await gateway(world.token.housingOfficer)<Issues>(ISSUES)).environmentIssues.totalCount).toBe(0);
    errorOf(await gateway()(ISSUES), 'UNAUTHENTICATED');
  });

  it("answers another's issue by id as a missing one when signed in, UNAUTHENTICATED anonymous", async () => {
    const mine = dataOf(await gateway(world.token.reporter)<Issues>(ISSUES)).environmentIssues.edges[0]!.node.id;
    const query = `query($id: ID!) { environmentIssue(id: $id) { id } }`;
    for (const token of [world.token.elder, world.token.otherGridWorker]) {
      expect(await gateway(token)(query, { id: mine })).toEqual({ status: 200, data: { environmentIssue: null } });
    }
    errorOf(await gateway()(query, { id: mine }), 'UNAUTHENTICATED');
    expect(dataOf(await gateway(world.token.gridWorker)<{ environmentIssue: { id: string } }>(query, { id: mine })).environmentIssue.id).toBe(mine);
  });

  it("shows a resident's environment reports to them, to officers and to their grid's workers", async () => {
    const query = `query($id: ID!) { resident(id: $id) { environmentReports(first: 50) { totalCount } } }`;
    type Reports = { resident: { environmentReports: { totalCount: number } | null } | null };
    const own = dataOf(await gateway(world.token.reporter)<Reports>(query, { id: demoReporter() })).resident!.environmentReports!.totalCount;
    expect(own).toBeGreaterThan(0);
    const byOfficer = dataOf(await gateway(world.token.environmentOfficer)<Reports>(query, { id: demoReporter() }));
    // Community decides whether an officer sees the resident at all; if it does, environment shows every report.
    if (byOfficer.resident) expect(byOfficer.resident.environmentReports!.totalCount).toBe(own);
    const byWorker = dataOf(await gateway(world.token.gridWorker)<Reports>(query, { id: demoReporter() }));
    expect(byWorker.resident!.environmentReports!.totalCount).toBeGreaterThan(0);
  });

  it('shows rivers, chiefs and green spaces to anyone, patrols only to staff', async () => {
    const rivers = dataOf(await gateway()<{ rivers: Page<{ name: string }> }>(`{ rivers(first: 10) { totalCount edges { node { name } } } }`)).rivers;
    expect(rivers.totalCount).toBe(3);
    const parks = dataOf(await gateway()<{ greenSpaces: { totalCount: number } }>(`{ greenSpaces(first: 5) { totalCount } }`)).greenSpaces;
    expect(parks.totalCount).toBeGreaterThan(0);
    const PATROLS = `query($id: ID!) { riverPatrols(segmentId: $id, first: 5) { totalCount } }`;
    errorOf(await gateway()(PATROLS, { id: ENVIRONMENT_DEMO_IDS.segment }), 'UNAUTHENTICATED');
    errorOf(await gateway(world.token.reporter)(PATROLS, { id: ENVIRONMENT_DEMO_IDS.segment }), 'FORBIDDEN');
    expect(dataOf(await gateway(world.token.gridWorker)<{ riverPatrols: { totalCount: number } }>(PATROLS, { id: ENVIRONMENT_DEMO_IDS.segment })).riverPatrols.totalCount).toBeGreaterThan(0);
  });
});
