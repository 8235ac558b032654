import { DEMO_IDS } from '../../services/demo';
import { client, dataOf, errorOf } from '../support/graphql';
import { asGateway, tokenFor } from '../support/stack';
import { nodesOf, useCommunityStack, type Page } from './fixtures';

const world = useCommunityStack();

const RESIDENT_FIELDS = 'id name age phone idNumber tags version household { id address } grid { id name }';
interface ResidentView {
  id: string;
  name: string;
  age: number;
  phone: string | null;
  idNumber: string;
  tags: string[];
  version: number;
  household: { id: string; address: string };
  grid: { id: string; name: string };
}

describe('who sees which residents', () => {
  const me = `{ me { ${RESIDENT_FIELDS} } }`;

  it('gives a resident their own record, unmasked (their whole ID number too), and their household', async () => {
    const { me: record } = dataOf(await client(world.url, world.token.elder)<{ me: ResidentView }>(me));
    expect(record.id).toBe(DEMO_IDS.elderLivingAlone);
    expect(record.phone).toMatch(/^1\d{10}$/);
    expect(record.idNumber).toMatch(/^\d{17}[\dX]$/);
    expect(record.tags).toEqual(expect.arrayContaining(['ELDERLY', 'LIVES_ALONE']));
    expect(record.household.id).toBe(DEMO_IDS.household);
  });

  it('answers a resident asking for anyone else as for nobody, and refuses anonymous callers everything personal', async () => {
    const elder = client(world.url, world.token.elder);
    const other = await elder<{ resident: null }>(`{ resident(id: "resident-00100") { name } }`);
    expect(other).toEqual({ status: 200, data: { resident: null } });
    const { residents } = dataOf(await elder<{ residents: Page<{ id: string }> }>(`{ residents(first: 100) { totalCount edges { node { id } } } }`));
    expect(nodesOf(residents).map((n) => n.id)).toEqual([DEMO_IDS.elderLivingAlone]);

    const anonymous = await client(world.url)<{ residents: null }>(`{ residents { totalCount } }`);
    expect(anonymous.data).toEqual({ residents: null });
    errorOf(anonymous, 'UNAUTHENTICATED');
    const anonymousOne = await client(world.url)<{ resident: null }>(`{ resident(id: "${DEMO_IDS.elderLivingAlone}") { name } }`);
    errorOf(anonymousOne, 'UNAUTHENTICATED');
    expect(dataOf(await client(world.url)<{ me: null }>(me)).me).toBeNull();
  });

  it("limits a grid worker to their grid's residents and shows them phones", async () => {
    const worker = client(world.url, world.token.gridWorker);
    const { residents } = dataOf(
      await worker<{ residents: Page<{ phone: string | null; grid: { id: string } }> }>(
        `{ residents(first: 100) { totalCount edges { node { phone grid { id } } } } }`,
      ),
    );
    expect(residents.totalCount).toBeGreaterThan(0);
    for (const node of nodesOf(residents)) {
      expect(node.grid.id).toBe(DEMO_IDS.grid);
      if (node.phone) expect(node.phone).toMatch(/^1\d{10}$/);
    }
    const elsewhere = dataOf(await worker<{ residents: { totalCount: number } }>(`{ residents(first: 1, filter: { gridId: "grid-050" }) { totalCount } }`));
    expect(elsewhere.residents.totalCount).toBe(0);
    const grid = dataOf(
      await worker<{ grid: { residents: Page<{ id: string }> } }>(`{ grid(id: "grid-050") { residents(first: 5) { totalCount edges { node { id } } } } }`),
    );
    expect(grid.grid.residents.totalCount).toBe(0);
  });

  it('masks phones for officers', async () => {
    const { resident } = dataOf(
      await client(world.url, world.token.housingOfficer)<{ resident: { phone: string } }>(`{ resident(id: "${DEMO_IDS.elderLivingAlone}") { phone } }`),
    );
    expect(resident.phone).toMatch(/^1\d{2}\*{4}\d{4}$/);
  });

  it("shows a household's members only as far as the viewer may see them", async () => {
    const query = `{ resident(id: "${DEMO_IDS.elderLivingAlone}") { household { residents { id } } } }`;
    const { resident } = dataOf(await client(world.url, world.token.elder)<{ resident: { household: { residents: { id: string }[] } } }>(query));
    expect(resident.household.residents.map((r) => r.id)).toContain(DEMO_IDS.elderLivingAlone);
    const asAdmin = dataOf(await client(world.url, world.token.admin)<{ resident: { household: { residents: { id: string }[] } } }>(query));
    expect(asAdmin.resident.household.residents).toEqual(resident.household.residents);
  });
});

describe('the gateway-only entry points', () => {
  it('applies the same rules through _entities, which only the gateway may call', async () => {
    const query = `query($r: [_Any!]!) { _entities(representations: $r) { ... on Resident { id name } } }`;
    const representations = [{ __typename: 'Resident', id: DEMO_IDS.elderLivingAlone }, { __typename: 'Resident', id: 'resident-00100' }];
    const direct = await client(world.url, world.token.admin)<{ _entities: unknown[] }>(query, { r: representations });
    errorOf(direct, 'FORBIDDEN');
    expect(direct.data).toBeUndefined();
    errorOf(await client(world.url, world.token.admin)<{ _service: unknown }>(`{ _service { sdl } }`), 'FORBIDDEN');

    const viaGateway = await client(world.url, world.token.elder, asGateway)<{ _entities: ({ id: string } | null)[] }>(query, { r: representations });
    expect(viaGateway.data!._entities[0]).toMatchObject({ id: DEMO_IDS.elderLivingAlone });
    expect(viaGateway.data!._entities[1]).toBeNull();
    expect(viaGateway.errors).toBeUndefined();

    const anonymous = await client(world.url, undefined, asGateway)<{ _entities: (null | { id: string })[] }>(query, { r: representations.slice(0, 1) });
    expect(anonymous).toEqual({ status: 200, data: { _entities: [null] } });
  });

  it("lets a partner agency's token call only the subgraphs it names", async () => {
    const housingPartner = await tokenFor({ roles: ['partner'], aud: ['housing'] });
    errorOf(await client(world.url, housingPartner)<{ communities: null }>(`{ communities { id } }`), 'FORBIDDEN');
    const communityPartner = client(world.url, await tokenFor({ roles: ['partner'], aud: ['community'] }));
    expect(dataOf(await communityPartner<{ communities: { id: string }[] }>(`{ communities { id } }`)).communities.length).toBe(12);
    expect(await communityPartner<{ resident: null }>(`{ resident(id: "${DEMO_IDS.elderLivingAlone}") { name } }`)).toEqual({ status: 200, data: { resident: null } });
  });

  it('refuses a bad token instead of treating it as anonymous', async () => {
    const result = await client(world.url, 'not-a-jwt')<{ communities: null }>(`{ communities { id } }`);
    expect(result.status).toBe(401);
    errorOf(result, 'UNAUTHENTICATED');
  });
});
