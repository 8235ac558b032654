import { asc, eq } from 'drizzle-orm';
import { housingSubgraph } from '../../services/housing';
import { consents, consentVotes } from '../../services/housing/tables';
import { DEMO_IDS } from '../../services/demo';
import { HOUSING_DEMO_IDS } from '../../services/housing/demo';
import { consentVoteRule, elevatorRetrofitRule, renovationProjectRule, type HousingViewer } from '../../services/housing/access';
import { ANONYMOUS, type Viewer } from '../../services/kit/auth';
import { asGateway, tokenFor } from '../support/stack';
import { client, dataOf, district, errorOf, householdsOf, residentOf, useHousingStack } from './fixtures';

/** An `_entities` answer: the entities asked for, null where unknown. */
type Entities = { _entities: unknown[] };

const world = useHousingStack();
const gateway = (token?: string) => client(world.stack.gateway.url, token);

const third = () => district().elevatorRetrofits[2]!;
const firstInService = () => district().elevatorRetrofits[0]!;
const gridOf = (buildingId: string) => district().buildings.find((b) => b.id === buildingId)!.gridId;

const RETROFIT = `query($id: ID!) { elevatorRetrofit(id: $id) { id phase consent { quorumMet votes(first: 100) { totalCount edges { node { choice household { id } } } } } } }`;
interface RetrofitAnswer {
  elevatorRetrofit: { id: string; consent: { votes: { totalCount: number; edges: { node: { household: { id: string } } }[] } } } | null;
}
const LIST = `{ elevatorRetrofits(first: 100) { totalCount edges { node { id } } } }`;
interface ListAnswer {
  elevatorRetrofits: { totalCount: number; edges: { node: { id: string } }[] };
}

/** The households that voted on the third lift's consent, and a resident of the first of them. */
async function residentsOfThird() {
  const voted = await world.stack.handle.db
    .select({ householdId: consentVotes.householdId })
    .from(consentVotes)
    .innerJoin(consents, eq(consents.id, consentVotes.consentId))
    .where(eq(consents.retrofitId, third().id))
    .orderBy(asc(consentVotes.householdId));
  return { voter: await residentOf(voted[0]!.householdId), voted: new Set(voted.map((v) => v.householdId)) };
}

describe('who sees an elevator retrofit', () => {
  it('shows a resident their own building\'s retrofit, its tally and their own household\'s vote only', async () => {
    const { voter } = await residentsOfThird();
    const { elevatorRetrofit } = dataOf(await gateway(voter.token)<RetrofitAnswer>(RETROFIT, { id: third().id }));
    expect(elevatorRetrofit!.id).toBe(third().id);
    expect(elevatorRetrofit!.consent.votes.totalCount).toBe(1);
    const list = dataOf(await gateway(voter.token)<ListAnswer>(LIST)).elevatorRetrofits;
    expect(list.edges.map((e) => e.node.id)).toEqual([third().id]);
  });

  it('answers a resident asking for another building\'s retrofit as for none', async () => {
    const { voter } = await residentsOfThird();
    const answer = await gateway(voter.token)<RetrofitAnswer>(RETROFIT, { id: firstInService().id });
    expect(answer).toEqual({ status: 200, data: { elevatorRetrofit: null } });
  });

  it('never shows another household\'s choice: Household.consentVote is its residents\' and housing staff\'s only', async () => {
    const { voter, voted } = await residentsOfThird();
    const VOTE = `query($id: ID!) { resident(id: $id) { household { id consentVote { choice } } } }`;
    interface Own {
      resident: { household: { id: string; consentVote: { choice: string } | null } };
    }
    const own = dataOf(await gateway(voter.token)<Own>(VOTE, { id: voter.residentId }));
    expect(own.resident.household.consentVote).toEqual({ choice: expect.stringMatching(/^(AGREE|DISAGREE|ABSTAIN)$/) });
    // The neighbours' households, as the voter reaches them through the building: community lists only their own
    // dwelling, and housing answers another household's vote, asked by id as the gateway would, as none.
    interface Neighbours {
      resident: { household: { building: { households: { edges: { node: { id: string; consentVote: { choice: string } | null } }[] } } } };
    }
    const answer = dataOf(
      await gateway(voter.token)<Neighbours>(`query($id: ID!) { resident(id: $id) { household { building { households(first: 100) { edges { node { id consentVote { choice } } } } } } } }`, {
        id: voter.residentId,
      }),
    );
    expect(answer.resident.household.building.households.edges.map((e) => e.node)).toEqual([own.resident.household]);
    const neighbour = [...voted].find((id) => id !== own.resident.household.id)!;
    const viaGateway = client(world.stack.subgraphs.housing!.url, voter.token, asGateway);
    const neighbourVote = `{ _entities(representations: [{ __typename: "Household", id: "${neighbour}" }]) { ... on Household { consentVote { choice } } } }`;
    expect(dataOf(await viaGateway<Entities>(neighbourVote))._entities).toEqual([{ consentVote: null }]);
  });

  it('shows grid workers their grids\' retrofits and tallies but no household\'s choice', async () => {
    const worker = await tokenFor({ sub: 'worker:housing-test', roles: ['grid_worker'], gridIds: [gridOf(DEMO_IDS.thirdElevatorBuilding)] });
    const { elevatorRetrofit } = dataOf(await gateway(worker)<RetrofitAnswer>(RETROFIT, { id: third().id }));
    expect(elevatorRetrofit!.consent.votes).toEqual({ totalCount: 0, edges: [] });
    const list = dataOf(await gateway(worker)<ListAnswer>(LIST)).elevatorRetrofits;
    expect(list.edges.map((e) => e.node.id)).toContain(third().id);
    const elsewhere = await tokenFor({ sub: 'worker:elsewhere', roles: ['grid_worker'], gridIds: ['grid-080'] });
    expect(await gateway(elsewhere)(RETROFIT, { id: third().id })).toEqual({ status: 200, data: { elevatorRetrofit: null } });
  });

  it('shows housing officers every retrofit and every vote', async () => {
    const list = dataOf(await gateway(world.token.housingOfficer)<ListAnswer>(LIST)).elevatorRetrofits;
    expect(list.edges.map((e) => e.node.id)).toEqual(expect.arrayContaining([...district().elevatorRetrofits.map((r) => r.id), HOUSING_DEMO_IDS.rejectedRetrofit]));
    const { elevatorRetrofit } = dataOf(await gateway(world.token.housingOfficer)<RetrofitAnswer>(RETROFIT, { id: third().id }));
    expect(elevatorRetrofit!.consent.votes.totalCount).toBeGreaterThan(1);
  });

  it('asks anonymous callers to sign in', async () => {
    errorOf(await gateway()(RETROFIT, { id: third().id }), 'UNAUTHENTICATED');
    errorOf(await gateway()(`{ renovationProjects { totalCount } }`), 'UNAUTHENTICATED');
  });

  it('keeps _entities to the gateway', async () => {
    const direct = client(world.stack.subgraphs.housing!.url, world.token.admin);
    const query = `{ _entities(representations: [{ __typename: "ElevatorRetrofit", id: "${third().id}" }]) { ... on ElevatorRetrofit { id } } }`;
    errorOf(await direct(query), 'FORBIDDEN');
    const viaGateway = client(world.stack.subgraphs.housing!.url, (await residentsOfThird()).voter.token, asGateway);
    expect(dataOf(await viaGateway<Entities>(query))._entities).toEqual([{ id: third().id }]);
    const otherBuilding = `{ _entities(representations: [{ __typename: "ElevatorRetrofit", id: "${firstInService().id}" }]) { ... on ElevatorRetrofit { id } } }`;
    expect(dataOf(await viaGateway<Entities>(otherBuilding))._entities).toEqual([null]);
  });

  it('resolves a vote by its id for its own household only', async () => {
    const { voter, voted } = await residentsOfThird();
    const [consent] = await world.stack.handle.db.select().from(consents).where(eq(consents.retrofitId, third().id));
    const [own, other] = [...voted].map((householdId) => `${consent!.id}:${householdId}`);
    const viaGateway = client(world.stack.subgraphs.housing!.url, voter.token, asGateway);
    const entity = (id: string) => `{ _entities(representations: [{ __typename: "ConsentVote", id: "${id}" }]) { ... on ConsentVote { id household { id } } } }`;
    expect(dataOf(await viaGateway<Entities>(entity(own!)))._entities).toEqual([{ id: own, household: { id: own!.split(':')[1] } }]);
    expect(dataOf(await viaGateway<Entities>(entity(other!)))._entities).toEqual([null]);
    expect(dataOf(await viaGateway<Entities>(entity(`${consent!.id}:no-such-household`)))._entities).toEqual([null]);
  });
});

describe('each row rule says the same twice', () => {
  const rules = housingSubgraph.rowRules!;

  it('allows exactly the rows its where selects, for every kind of viewer', async () => {
    const [voted] = householdsOf(DEMO_IDS.thirdElevatorBuilding);
    const viewers: HousingViewer[] = [
      ANONYMOUS,
      { authenticated: true, roles: ['admin'], gridIds: [], audience: [], scopes: [] },
      { authenticated: true, roles: ['housing_officer'], gridIds: [], audience: [], scopes: [] },
      { authenticated: true, roles: ['grid_worker'], gridIds: [gridOf(DEMO_IDS.thirdElevatorBuilding)], audience: [], scopes: [] },
      { authenticated: true, roles: ['resident'], residentId: 'r', gridIds: [], audience: [], scopes: [], home: { householdId: voted!.id, buildingId: DEMO_IDS.thirdElevatorBuilding } },
      { authenticated: true, roles: ['resident'], residentId: 'r', gridIds: [], audience: [], scopes: [], home: null },
    ];
    expect(rules).toEqual([renovationProjectRule, elevatorRetrofitRule, consentVoteRule]);
    for (const rule of rules) {
      for (const viewer of viewers) {
        const all = await rule.select(world.stack.handle.db, viewer as Viewer);
        const selected = await rule.select(world.stack.handle.db, viewer as Viewer).where(rule.where(viewer as Viewer));
        expect(selected.map(rule.describe).sort()).toEqual(all.filter((row) => rule.allows(viewer as Viewer, row)).map(rule.describe).sort());
      }
    }
  });
});
