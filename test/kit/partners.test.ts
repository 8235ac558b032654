import { ApolloServer } from '@apollo/server';
import { ANONYMOUS, viewerFromClaims, type Viewer } from '../../services/kit/auth';
import { partnersReadOnlyPlugin } from '../../services/kit/partners';

/** Partner agencies read only (kit/partners): a partner token's mutation is refused before any resolver runs. */
let pokes = 0;
// Made by the first test that asks, not as the file loads: mutation testing then runs a mutant of the plugin against
// the tests that reach it, not against every test as it must for load-time code.
let server: ApolloServer<{ viewer: Viewer }> | undefined;
const serverOf = () =>
  (server ??= new ApolloServer<{ viewer: Viewer }>({
    typeDefs: 'type Query { hello: String } type Mutation { poke: Int }',
    // A mutation that lets anyone try: the plugin alone must stop a partner.
    resolvers: { Query: { hello: () => 'hello' }, Mutation: { poke: () => ++pokes } },
    plugins: [partnersReadOnlyPlugin()],
  }));
afterAll(() => server?.stop());

const partner = () => viewerFromClaims({ sub: 'partner:housing', roles: ['partner'], aud: 'onegrid:housing', scope: 'housing:district:read' });
const officer = () => viewerFromClaims({ sub: 'officer', roles: ['housing_officer'], aud: 'onegrid' });

async function ask(viewer: Viewer, query: string, operationName?: string) {
  const response = await serverOf().executeOperation({ query, operationName }, { contextValue: { viewer } });
  if (response.body.kind !== 'single') throw new Error('expected a single result');
  const { data, errors } = response.body.singleResult;
  return { status: response.http.status ?? 200, data, errors: errors?.map((e) => ({ message: e.message, code: e.extensions?.code })) };
}

describe('partner tokens', () => {
  it('may not run a mutation: 403 FORBIDDEN, and the resolver never runs', async () => {
    const before = pokes;
    expect(await ask(partner(), 'mutation { poke }')).toEqual({ status: 403, data: undefined, errors: [{ message: 'Partner tokens may read only.', code: 'FORBIDDEN' }] });
    expect(await ask(partner(), 'query A { hello } mutation B { poke }', 'B')).toMatchObject({ status: 403 });
    expect(pokes).toBe(before);
  });

  it('may read, also from a document that holds a mutation it does not run', async () => {
    expect(await ask(partner(), '{ hello }')).toEqual({ status: 200, data: { hello: 'hello' }, errors: undefined });
    expect(await ask(partner(), 'query A { hello } mutation B { poke }', 'A')).toEqual({ status: 200, data: { hello: 'hello' }, errors: undefined });
  });

  it("leaves a document without the operation it names to Apollo's own answer", async () => {
    const answer = await ask(partner(), 'query A { hello }', 'Missing');
    expect(answer.errors?.map((e) => e.code)).toEqual(['OPERATION_RESOLUTION_FAILURE']);
  });

  it("leaves everyone else's mutations to the mutations' own checks", async () => {
    const before = pokes;
    for (const viewer of [officer(), ANONYMOUS]) expect(await ask(viewer, 'mutation { poke }')).toMatchObject({ status: 200, errors: undefined });
    expect(pokes).toBe(before + 2);
  });
});
