import { DEMO_IDS } from '../../services/demo';
import { client, dataOf } from '../support/graphql';
import { demoReporter } from '../support/environment-personas';
import { useEnvironmentStack, type Page } from './fixtures';

const world = useEnvironmentStack();
const gateway = (token?: string) => client(world.stack.gateway.url, token);

describe('one request through the gateway', () => {
  it("returns a grid with its open environment issues, each with its reporter's name, handler and history", async () => {
    const query = `query($id: ID!) {
      grid(id: $id) {
        id name
        environmentIssues(isOpen: true, first: 50) {
          totalCount
          edges { node { id status tier isOverdue reporter { id name } reportingWorker { id name } handler { id name } history { kind toStatus actorSub at } } }
        }
      }
    }`;
    const { grid } = dataOf(
      await gateway(world.token.gridWorker)<{
        grid: {
          name: string;
          environmentIssues: Page<{ status: string; reporter: { name: string } | null; handler: { name: string } | null; history: { kind: string }[] }>;
        };
      }>(query, { id: DEMO_IDS.grid }),
    );
    const issues = grid.environmentIssues.edges.map((e) => e.node);
    expect(issues.length).toBeGreaterThan(0);
    expect(issues.every((i) => !['CLOSED', 'VOIDED'].includes(i.status))).toBe(true);
    expect(issues.some((i) => i.reporter?.name)).toBe(true);
    expect(issues.some((i) => i.handler?.name)).toBe(true);
    expect(issues.some((i) => i.history.length > 0)).toBe(true);
  });

  it('returns a resident with their environment reports', async () => {
    const { resident } = dataOf(
      await gateway(world.token.reporter)<{ resident: { name: string; environmentReports: Page<{ category: string; status: string }> } }>(
        `query($id: ID!) { resident(id: $id) { name environmentReports(first: 10) { totalCount edges { node { category status } } } } }`,
        { id: demoReporter() },
      ),
    );
    expect(resident.name).toEqual(expect.any(String));
    expect(resident.environmentReports.totalCount).toBeGreaterThan(0);
  });
});
