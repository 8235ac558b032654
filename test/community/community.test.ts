import { communitySubgraph } from '../../services/community';
import { DEMO_IDS } from '../../services/demo';
import { idNumberCheckCharacter } from '../../services/community/id-number';

/** A valid ID number for a birth date, as registration demands. */
const idNumberFor = (birthDate: string, sequence = '002') => {
  const first17 = `330106${birthDate.replace(/-/g, '')}${sequence}`;
  return first17 + idNumberCheckCharacter(first17);
};
import { asGateway, postGraphQL, startTestStack, tokenFor, type TestStack } from '../support/stack';

let stack: TestStack;
let url: string;
let admin: string;

beforeAll(async () => {
  stack = await startTestStack([communitySubgraph]);
  url = stack.subgraphs.community!.url;
  admin = await tokenFor({ roles: ['admin'] });
}, 120_000);
afterAll(() => stack?.stop());

const RESIDENT_FIELDS = 'id name age phone idNumber tags version household { id address } grid { id name }';

describe('community subgraph: reads', () => {
  it('lists residents in keyset pages with a total', async () => {
    const first = await postGraphQL(url, `{ residents(first: 5) { totalCount edges { cursor node { ${RESIDENT_FIELDS} } } pageInfo { hasNextPage endCursor } } }`, {}, { token: admin });
    expect(first.errors).toBeUndefined();
    const page1 = first.data.residents;
    expect(page1.edges).toHaveLength(5);
    expect(page1.totalCount).toBeGreaterThanOrEqual(5000);
    expect(page1.pageInfo.hasNextPage).toBe(true);
    const second = await postGraphQL(url, `query($after: String) { residents(first: 5, after: $after) { edges { node { id } } } }`, { after: page1.pageInfo.endCursor }, { token: admin });
    const ids1 = page1.edges.map((e: any) => e.node.id);
    const ids2 = second.data.residents.edges.map((e: any) => e.node.id);
    expect(ids2).toHaveLength(5);
    expect(ids2.filter((id: string) => ids1.includes(id))).toEqual([]);
    expect(ids2[0] > ids1[4]).toBe(true);
  });

  it('filters by grid, tag, age and name, all at once', async () => {
    const result = await postGraphQL(
      url,
      `query($grid: ID!) { residents(first: 100, filter: { gridId: $grid, tag: ELDERLY, minAge: 70, maxAge: 90 }) { totalCount edges { node { age tags grid { id } } } } }`,
      { grid: DEMO_IDS.grid },
      { token: admin },
    );
    expect(result.errors).toBeUndefined();
    const nodes = result.data.residents.edges.map((e: any) => e.node);
    expect(nodes.length).toBeGreaterThan(0);
    for (const node of nodes) {
      expect(node.grid.id).toBe(DEMO_IDS.grid);
      expect(node.age).toBeGreaterThanOrEqual(70);
      expect(node.age).toBeLessThanOrEqual(90);
      expect(node.tags).toContain('ELDERLY');
    }
    const tagged = await postGraphQL(url, `{ residents(first: 20, filter: { tag: LIVES_ALONE }) { edges { node { tags } } } }`, {}, { token: admin });
    expect(tagged.data.residents.edges.length).toBe(20);
    for (const edge of tagged.data.residents.edges) expect(edge.node.tags).toContain('LIVES_ALONE');
  });

  it('filters by community, counting exactly the matching residents', async () => {
    const query = `query($after: String) { residents(first: 100, after: $after, filter: { communityId: "community-02", tag: NO_KIN }) {
      totalCount edges { node { tags grid { community { id } } } } pageInfo { hasNextPage endCursor } } }`;
    let after: string | undefined;
    let seen = 0;
    let total = -1;
    do {
      const page = await postGraphQL(url, query, { after }, { token: admin });
      expect(page.errors).toBeUndefined();
      total = page.data.residents.totalCount;
      for (const { node } of page.data.residents.edges) {
        expect(node.grid.community.id).toBe('community-02');
        expect(node.tags).toContain('NO_KIN');
      }
      seen += page.data.residents.edges.length;
      after = page.data.residents.pageInfo.hasNextPage ? page.data.residents.pageInfo.endCursor : undefined;
    } while (after);
    expect(total).toBeGreaterThan(0);
    expect(seen).toBe(total);
  });

  it('rejects contradictory or out-of-range filters and bad cursors', async () => {
    const cases = [
      `{ residents(filter: { minAge: 80, maxAge: 60 }) { totalCount } }`,
      `{ residents(first: 101) { totalCount } }`,
      `{ residents(first: 0) { totalCount } }`,
      `{ residents(after: "nonsense") { totalCount } }`,
      `{ residents(filter: { minAge: -1 }) { totalCount } }`,
      `{ residents(filter: { nameContains: "" }) { totalCount } }`,
    ];
    for (const query of cases) {
      const result = await postGraphQL(url, query, {}, { token: admin });
      expect(result.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
      expect(JSON.stringify(result.errors)).not.toMatch(/at .*\.(ts|js):\d+/);
    }
  });

  it('answers the public directory without a token', async () => {
    const result = await postGraphQL(url, `{ communities { id name subdistrict { name regionCode } grids { code kind householdsCount workers { name role } } } }`);
    expect(result.errors).toBeUndefined();
    expect(result.data.communities.length).toBe(12);
    const grids = result.data.communities.flatMap((c: any) => c.grids);
    expect(grids.filter((g: any) => g.kind === 'COMPREHENSIVE')).toHaveLength(81);
    expect(grids.filter((g: any) => g.kind === 'DEDICATED')).toHaveLength(4);
    expect(grids.filter((g: any) => g.kind === 'MICRO')).toHaveLength(384);
    expect(result.data.communities[0].subdistrict.regionCode).toMatch(/^\d{12}$/);
  });

  it('keeps dwellings behind sign-in', async () => {
    const query = `{ community(id: "community-01") { compounds { buildings { number households { room } } } } }`;
    const anonymous = await postGraphQL(url, query);
    expect(anonymous.errors?.[0]?.extensions?.code).toBe('UNAUTHENTICATED');
    const signedIn = await postGraphQL(url, query, {}, { token: await tokenFor({ roles: ['resident'], residentId: DEMO_IDS.elderLivingAlone }) });
    expect(signedIn.errors).toBeUndefined();
    expect(signedIn.data.community.compounds[0].buildings[0].households.length).toBeGreaterThan(0);
  });
});

describe('community subgraph: access rules', () => {
  const me = `{ me { ${RESIDENT_FIELDS} } }`;

  it('gives a resident their own record, unmasked, and their household', async () => {
    const token = await tokenFor({ roles: ['resident'], residentId: DEMO_IDS.elderLivingAlone });
    const result = await postGraphQL(url, me, {}, { token });
    expect(result.errors).toBeUndefined();
    expect(result.data.me.id).toBe(DEMO_IDS.elderLivingAlone);
    expect(result.data.me.phone).toMatch(/^1\d{10}$/);
    expect(result.data.me.idNumber).toMatch(/^\d{6}\*{8}[\dX]{4}$/);
    expect(result.data.me.tags).toEqual(expect.arrayContaining(['ELDERLY', 'LIVES_ALONE']));
  });

  it('refuses a resident anyone else, and anonymous callers everything personal', async () => {
    const token = await tokenFor({ roles: ['resident'], residentId: DEMO_IDS.elderLivingAlone });
    const other = await postGraphQL(url, `{ resident(id: "resident-00100") { name } }`, {}, { token });
    expect(other.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
    const list = await postGraphQL(url, `{ residents(first: 100) { totalCount edges { node { id } } } }`, {}, { token });
    expect(list.data.residents.edges.map((e: any) => e.node.id)).toEqual([DEMO_IDS.elderLivingAlone]);
    const anonymous = await postGraphQL(url, `{ residents { totalCount } }`);
    expect(anonymous.errors?.[0]?.extensions?.code).toBe('UNAUTHENTICATED');
    const anonymousMe = await postGraphQL(url, me);
    expect(anonymousMe.data.me).toBeNull();
  });

  it("limits a grid worker to their grid's residents and shows them phones", async () => {
    const token = await tokenFor({ roles: ['grid_worker'], gridIds: [DEMO_IDS.grid] });
    const mine = await postGraphQL(url, `{ residents(first: 100) { totalCount edges { node { phone grid { id } } } } }`, {}, { token });
    expect(mine.errors).toBeUndefined();
    expect(mine.data.residents.totalCount).toBeGreaterThan(0);
    for (const { node } of mine.data.residents.edges) {
      expect(node.grid.id).toBe(DEMO_IDS.grid);
      if (node.phone) expect(node.phone).toMatch(/^1\d{10}$/);
    }
    const elsewhere = await postGraphQL(url, `{ residents(first: 1, filter: { gridId: "grid-050" }) { totalCount } }`, {}, { token });
    expect(elsewhere.data.residents.totalCount).toBe(0);
  });

  it('masks phones for officers', async () => {
    const token = await tokenFor({ roles: ['housing_officer'] });
    const result = await postGraphQL(url, `{ resident(id: "${DEMO_IDS.elderLivingAlone}") { phone } }`, {}, { token });
    expect(result.data.resident.phone).toMatch(/^1\d{2}\*{4}\d{4}$/);
  });

  it('applies the same rules through _entities, which only the gateway may call', async () => {
    const query = `query($r: [_Any!]!) { _entities(representations: $r) { ... on Resident { id name } } }`;
    const representations = [{ __typename: 'Resident', id: DEMO_IDS.elderLivingAlone }, { __typename: 'Resident', id: 'resident-00100' }];
    const direct = await postGraphQL(url, query, { r: representations }, { token: admin });
    expect(direct.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
    expect(direct.data).toBeUndefined();
    const sdl = await postGraphQL(url, `{ _service { sdl } }`, {}, { token: admin });
    expect(sdl.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');

    const token = await tokenFor({ roles: ['resident'], residentId: DEMO_IDS.elderLivingAlone });
    const viaGateway = await postGraphQL(url, query, { r: representations }, { token, headers: asGateway });
    expect(viaGateway.data._entities[0]).toMatchObject({ id: DEMO_IDS.elderLivingAlone });
    expect(viaGateway.data._entities[1]).toBeNull();
    expect(viaGateway.errors?.map((e) => e.extensions?.code)).toEqual(['FORBIDDEN']);
  });

  it("lets a partner agency's token call only the subgraphs it names", async () => {
    const housingPartner = await tokenFor({ roles: ['partner'], aud: ['housing'] });
    const refused = await postGraphQL(url, `{ communities { id } }`, {}, { token: housingPartner });
    expect(refused.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
    const communityPartner = await tokenFor({ roles: ['partner'], aud: ['community'] });
    const directory = await postGraphQL(url, `{ communities { id } }`, {}, { token: communityPartner });
    expect(directory.data.communities.length).toBe(12);
    const personal = await postGraphQL(url, `{ resident(id: "${DEMO_IDS.elderLivingAlone}") { name } }`, {}, { token: communityPartner });
    expect(personal.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
  });

  it('refuses a bad token instead of treating it as anonymous', async () => {
    const result = await postGraphQL(url, `{ communities { id } }`, {}, { token: 'not-a-jwt' });
    expect(result.status).toBe(401);
    expect(result.errors?.[0]?.extensions?.code).toBe('UNAUTHENTICATED');
  });
});

describe('community subgraph: batching', () => {
  it('lists 100 residents with household, building, compound and grid in a bounded number of statements', async () => {
    const query = `{ residents(first: 100) { edges { node { name household { address building { number compound { name } } } grid { name workers { name } } } } } }`;
    const before = stack.handle.statements.count;
    const result = await postGraphQL(url, query, {}, { token: admin });
    const statements = stack.handle.statements.count - before;
    expect(result.errors).toBeUndefined();
    expect(result.data.residents.edges).toHaveLength(100);
    // page, households, buildings, compounds, grids, workers: one statement per level, not one per resident
    expect(statements).toBeLessThanOrEqual(6);
  });
});

describe('community subgraph: mutations', () => {
  const register = `mutation($input: RegisterResidentInput!) { registerResident(input: $input) { id name age version household { id } } }`;
  const validInput = {
    householdId: DEMO_IDS.household,
    name: '测试居民',
    gender: 'FEMALE',
    birthDate: '1950-03-07',
    phone: '13912345678',
    idNumber: idNumberFor('1950-03-07'),
    tags: ['VETERAN'],
  };

  it('registers a valid resident, then refuses the same ID number', async () => {
    const created = await postGraphQL(url, register, { input: validInput }, { token: admin });
    expect(created.errors).toBeUndefined();
    expect(created.data.registerResident).toMatchObject({ name: '测试居民', version: 1, household: { id: DEMO_IDS.household } });
    const again = await postGraphQL(url, register, { input: validInput }, { token: admin });
    expect(again.errors?.[0]?.extensions?.code).toBe('CONFLICT');
  });

  it.each([
    [{ phone: '12345' }, /phone must be an 11-digit mobile number/],
    [{ idNumber: idNumberFor('1960-01-01', '001').slice(0, 17) + 'Z' }, /check character/],
    [{ birthDate: '1951-03-07' }, /check character and the birth date/],
    [{ name: '' }, /name/],
    [{ tags: ['ELDERLY'] }, /derived from age/],
  ])('refuses bad input %j with BAD_USER_INPUT and writes nothing', async (change, message) => {
    const before = await postGraphQL(url, `{ residents(first: 1) { totalCount } }`, {}, { token: admin });
    const result = await postGraphQL(url, register, { input: { ...validInput, idNumber: idNumberFor('1960-01-01', '001'), birthDate: '1960-01-01', ...change } }, { token: admin });
    expect(result.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
    expect(result.errors?.[0]?.message).toMatch(message);
    const after = await postGraphQL(url, `{ residents(first: 1) { totalCount } }`, {}, { token: admin });
    expect(after.data.residents.totalCount).toBe(before.data.residents.totalCount);
  });

  it('refuses grid workers outside the household grid and unknown households', async () => {
    const outsider = await tokenFor({ roles: ['grid_worker'], gridIds: ['grid-050'] });
    const input = { ...validInput, idNumber: idNumberFor('1960-01-01', '001'), birthDate: '1960-01-01' };
    const refused = await postGraphQL(url, register, { input }, { token: outsider });
    expect(refused.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
    const unknown = await postGraphQL(url, register, { input: { ...input, householdId: 'household-nope' } }, { token: admin });
    expect(unknown.errors?.[0]?.extensions?.code).toBe('NOT_FOUND');
    const resident = await tokenFor({ roles: ['resident'], residentId: DEMO_IDS.elderLivingAlone });
    const notAWorker = await postGraphQL(url, register, { input }, { token: resident });
    expect(notAWorker.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
  });

  it('updates with optimistic concurrency: a stale version is a CONFLICT', async () => {
    const update = `mutation($id: ID!, $version: Int!, $input: UpdateResidentInput!) { updateResident(id: $id, version: $version, input: $input) { phone version } }`;
    const worker = await tokenFor({ roles: ['grid_worker'], gridIds: [DEMO_IDS.grid] });
    const current = await postGraphQL(url, `{ resident(id: "${DEMO_IDS.elderLivingAlone}") { version } }`, {}, { token: worker });
    const version = current.data.resident.version;
    const first = await postGraphQL(url, update, { id: DEMO_IDS.elderLivingAlone, version, input: { phone: '13800001111' } }, { token: worker });
    expect(first.errors).toBeUndefined();
    expect(first.data.updateResident).toEqual({ phone: '13800001111', version: version + 1 });
    const stale = await postGraphQL(url, update, { id: DEMO_IDS.elderLivingAlone, version, input: { phone: '13800002222' } }, { token: worker });
    expect(stale.errors?.[0]?.extensions?.code).toBe('CONFLICT');
    const now = await postGraphQL(url, `{ resident(id: "${DEMO_IDS.elderLivingAlone}") { phone } }`, {}, { token: worker });
    expect(now.data.resident.phone).toBe('13800001111');
  });

  it('assigns a grid worker to a grid, idempotently, admins only', async () => {
    const assign = `mutation { assignGridWorker(gridId: "grid-002", gridWorkerId: "${DEMO_IDS.fullTimeWorker}") { id workers { id } } }`;
    const worker = await tokenFor({ roles: ['grid_worker'], gridIds: ['grid-002'] });
    expect((await postGraphQL(url, assign, {}, { token: worker })).errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
    const once = await postGraphQL(url, assign, {}, { token: admin });
    const twice = await postGraphQL(url, assign, {}, { token: admin });
    expect(twice.errors).toBeUndefined();
    const ids = twice.data.assignGridWorker.workers.map((w: any) => w.id);
    expect(ids.filter((id: string) => id === DEMO_IDS.fullTimeWorker)).toHaveLength(1);
    expect(once.data.assignGridWorker.workers.length).toBe(ids.length);
    const missing = await postGraphQL(url, `mutation { assignGridWorker(gridId: "grid-002", gridWorkerId: "worker-nope") { id } }`, {}, { token: admin });
    expect(missing.errors?.[0]?.extensions?.code).toBe('NOT_FOUND');
  });
});
