import { DEMO_IDS } from '../../services/demo';
import { HOUSING_DEMO_IDS } from '../../services/housing/demo';
import { client, dataOf, district, householdsOf, useHousingStack } from './fixtures';
import { statementsOf } from '../support/graphql';

const world = useHousingStack();
const asOfficer = () => client(world.stack.gateway.url, world.token.housingOfficer);

interface ProjectPage {
  renovationProjects: { totalCount: number; pageInfo: { hasNextPage: boolean; endCursor: string }; edges: { node: { id: string; phase: string; compound: { id: string } } }[] };
}
const PROJECTS = `query($filter: RenovationProjectFilter, $first: Int, $after: String) {
  renovationProjects(filter: $filter, first: $first, after: $after) { totalCount pageInfo { hasNextPage endCursor } edges { node { id phase compound { id } } } }
}`;

describe('renovation projects', () => {
  it('pages through every project in id order with one totalCount', async () => {
    const first = dataOf(await asOfficer()<ProjectPage>(PROJECTS, { first: 3 })).renovationProjects;
    expect(first.edges).toHaveLength(3);
    expect(first.pageInfo.hasNextPage).toBe(true);
    const rest = dataOf(await asOfficer()<ProjectPage>(PROJECTS, { first: 100, after: first.pageInfo.endCursor })).renovationProjects;
    const ids = [...first.edges, ...rest.edges].map((e) => e.node.id);
    expect(ids).toEqual([...ids].sort());
    expect(new Set(ids).size).toBe(first.totalCount);
    expect(rest.totalCount).toBe(first.totalCount);
  });

  it('filters by phase and by compound', async () => {
    const done = dataOf(await asOfficer()<ProjectPage>(PROJECTS, { filter: { phase: 'LONG_TERM_MANAGEMENT' } })).renovationProjects;
    expect(done.totalCount).toBe(5);
    for (const { node } of done.edges) expect(node.phase).toBe('LONG_TERM_MANAGEMENT');
    const big = dataOf(await asOfficer()<ProjectPage>(PROJECTS, { filter: { compoundId: DEMO_IDS.bigCompound } })).renovationProjects;
    expect(big.edges.map((e) => e.node.compound.id)).toEqual([DEMO_IDS.bigCompound]);
  });
});

describe('elevator retrofits', () => {
  const RETROFITS = `query($filter: ElevatorRetrofitFilter) { elevatorRetrofits(filter: $filter) { totalCount edges { node { id phase building { id number } } } } }`;
  interface RetrofitPage {
    elevatorRetrofits: { totalCount: number; edges: { node: { id: string; phase: string; building: { id: string; number: string } } }[] };
  }

  it('lists the big compound\'s three lifts and filters by phase', async () => {
    const big = dataOf(await asOfficer()<RetrofitPage>(RETROFITS, { filter: { compoundId: DEMO_IDS.bigCompound } })).elevatorRetrofits;
    expect(big.edges.map((e) => [e.node.building.id, e.node.phase])).toEqual(
      district().elevatorRetrofits.map((r) => [r.buildingId, r.inService ? 'IN_SERVICE' : 'CONSENT_COLLECTING']),
    );
    expect(big.edges.map((e) => e.node.building.number)).toEqual(['2', '8', '31']);
    const rejected = dataOf(await asOfficer()<RetrofitPage>(RETROFITS, { filter: { phase: 'REJECTED' } })).elevatorRetrofits;
    expect(rejected.edges.map((e) => e.node.id)).toEqual([HOUSING_DEMO_IDS.rejectedRetrofit]);
  });

  it('splits the cost over the roll to the cent, floors 1–2 paying nothing', async () => {
    const third = district().elevatorRetrofits[2]!;
    const SHARES = `query($id: ID!) { elevatorRetrofit(id: $id) { totalCostCents governmentSubsidyCents residentsPayCents costShares { householdId floor areaM2 floorCoefficient shareCents } consent { eligibleHouseholds eligibleAreaM2 } } }`;
    interface Shares {
      elevatorRetrofit: {
        totalCostCents: number;
        governmentSubsidyCents: number;
        residentsPayCents: number;
        costShares: { householdId: string; floor: number; areaM2: string; floorCoefficient: string; shareCents: number }[];
        consent: { eligibleHouseholds: number; eligibleAreaM2: string };
      };
    }
    const { elevatorRetrofit } = dataOf(await asOfficer()<Shares>(SHARES, { id: third.id }));
    expect(elevatorRetrofit.residentsPayCents).toBe(elevatorRetrofit.totalCostCents - elevatorRetrofit.governmentSubsidyCents);
    expect(elevatorRetrofit.costShares.reduce((sum, s) => sum + s.shareCents, 0)).toBe(elevatorRetrofit.residentsPayCents);
    expect(elevatorRetrofit.costShares).toHaveLength(householdsOf(third.buildingId).length);
    expect(elevatorRetrofit.consent.eligibleHouseholds).toBe(householdsOf(third.buildingId).length);
    for (const share of elevatorRetrofit.costShares) {
      if (share.floor <= 2) expect(share).toMatchObject({ floorCoefficient: '0.000', shareCents: 0 });
      else expect(share.shareCents).toBeGreaterThan(0);
    }
    // Higher floors pay more for the same area.
    const perM2 = (s: { areaM2: string; shareCents: number }) => s.shareCents / Number(s.areaM2);
    const byFloor = (floor: number) => elevatorRetrofit.costShares.filter((s) => s.floor === floor).map(perM2);
    expect(Math.min(...byFloor(6))).toBeGreaterThan(Math.max(...byFloor(3)));
  });

  it('answers a building\'s retrofits, past ones included, with one statement per level of the query', async () => {
    const [first, second] = district().elevatorRetrofits;
    const BUILDINGS = `{ a: elevatorRetrofit(id: "${first!.id}") { building { elevatorRetrofit { id phase } elevatorRetrofits { id } } } b: elevatorRetrofit(id: "${second!.id}") { building { elevatorRetrofit { id } } } }`;
    const { result, statements } = await statementsOf(world.stack, () =>
      asOfficer()<Record<'a' | 'b', { building: { elevatorRetrofit: unknown; elevatorRetrofits?: unknown } }>>(BUILDINGS),
    );
    const data = dataOf(result);
    expect(data.a.building.elevatorRetrofit).toEqual({ id: first!.id, phase: 'IN_SERVICE' });
    expect(data.a.building.elevatorRetrofits).toEqual([{ id: first!.id }]);
    expect(data.b.building.elevatorRetrofit).toEqual({ id: second!.id });
    // Retrofits by id (1), then both buildings' retrofits (1); community answers the building keys without SQL here.
    expect(statements).toBeLessThanOrEqual(3);
  });
});
