import { GATEWAY_HEADER } from '../../services/kit/auth';
import { GATEWAY_ONLY_FORMS as FORMS } from '../support/gateway-only';
import { MODES, TARGETS, codesOf, expectClean, postRaw, startHostileStacks, type HostileStacks, type Mode, type Target } from '../support/hostile';

/**
 * The gateway-only guard (kit/subgraph): `_entities` and `_service` skip the root fields' guards and reveal the whole
 * schema, so a subgraph answers them only to the gateway's credential, compared in constant time. Every form a caller
 * could dress them in is refused with HTTP 403 FORBIDDEN, on each subgraph directly, in development and production;
 * the gateway does not expose them at all.
 */
type Subgraph = Exclude<Target, 'gateway'>;
const SUBGRAPH_TARGETS = TARGETS.filter((t): t is Subgraph => t !== 'gateway');

/** Credentials a caller might try: none, empty, guessed, one character short or long, the other mode's. */
const CREDENTIALS: [string, (mode: Mode) => Record<string, string>][] = [
  ['no credential', () => ({})],
  ['an empty credential', () => ({ [GATEWAY_HEADER]: '' })],
  ['a guessed credential', () => ({ [GATEWAY_HEADER]: 'gateway' })],
  ['the credential minus its last character', (mode) => ({ [GATEWAY_HEADER]: MODES[mode].gatewaySecret.slice(0, -1) })],
  ['the credential plus one character', (mode) => ({ [GATEWAY_HEADER]: `${MODES[mode].gatewaySecret}x` })],
  ['a credential 8000 characters long', () => ({ [GATEWAY_HEADER]: 'g'.repeat(8000) })],
  ["the other mode's credential", (mode) => ({ [GATEWAY_HEADER]: MODES[mode === 'production' ? 'development' : 'production'].gatewaySecret })],
];

const MODE_LIST: Mode[] = ['development', 'production'];
const FORM_ROWS = MODE_LIST.flatMap((mode) => SUBGRAPH_TARGETS.flatMap((target) => FORMS.map(([name, body]) => [name, target, mode, body] as const)));
const CREDENTIAL_ROWS = MODE_LIST.flatMap((mode) => SUBGRAPH_TARGETS.flatMap((target) => CREDENTIALS.map(([name, headers]) => [name, target, mode, headers] as const)));

describe('the gateway-only guard of _entities and _service', () => {
  let hostile: HostileStacks;
  beforeAll(async () => {
    hostile = await startHostileStacks({ seed: false });
  }, 240_000);
  afterAll(() => hostile?.stop());

  const expectRefused = (answer: Awaited<ReturnType<typeof postRaw>>, mode: Mode) => {
    expect(answer.status).toBe(403);
    expect(codesOf(answer)).toEqual(['FORBIDDEN']);
    expect(answer.body?.data).toBeUndefined();
    expect(answer.text).not.toMatch(/type Query|extend schema|@key/);
    expectClean(answer, mode);
  };

  it.each(FORM_ROWS)('refuses %s without the credential (%s, %s)', async (_name, target, mode, body) => {
    expectRefused(await postRaw(hostile.urlOf(mode, target), JSON.stringify(body)), mode);
  });

  it.each(CREDENTIAL_ROWS)('refuses _service with %s (%s, %s)', async (_name, target, mode, headers) => {
    expectRefused(await postRaw(hostile.urlOf(mode, target), JSON.stringify({ query: '{ _service { sdl } }' }), headers(mode)), mode);
  });

  it.each(MODE_LIST.flatMap((mode) => SUBGRAPH_TARGETS.map((target) => [target, mode] as const)))(
    'answers the gateway, and other callers everything else (%s, %s)',
    async (target, mode) => {
      const url = hostile.urlOf(mode, target);
      const gateway = await postRaw(url, JSON.stringify({ query: '{ _service { sdl } }' }), hostile.asGateway(mode));
      expect(gateway.status).toBe(200);
      expect((gateway.body?.data as { _service: { sdl: string } })._service.sdl).toMatch(/type Query/);
      const plain = await postRaw(url, JSON.stringify({ query: 'query A { __typename } query B { __typename }', operationName: 'B' }));
      expect(plain.status).toBe(200);
      expect(plain.body?.data).toEqual({ __typename: 'Query' });
    },
  );

  it.each(MODE_LIST)('does not expose them through the gateway (%s)', async (mode) => {
    for (const [, body] of FORMS) {
      const answer = await postRaw(hostile.urlOf(mode, 'gateway'), JSON.stringify(body));
      expect(answer.status).toBe(400);
      expect(codesOf(answer)).toContain('GRAPHQL_VALIDATION_FAILED');
      expect(answer.body?.data).toBeUndefined();
      expectClean(answer, mode);
    }
  });
});
