import { Writable } from 'node:stream';
import { sql } from 'drizzle-orm';
import { communitySubgraph } from '../../services/community';
import { DEMO_IDS } from '../../services/demo';
import { createLogger } from '../../services/kit/logger';
import { validIdNumber } from '../support/factories';
import { client } from '../support/graphql';
import { startTestStack, tokenFor, type TestStack } from '../support/stack';
import { expectNothingLeaked, MODES } from './hostile';

/**
 * Logs never carry personal data (issue 12): a failed insert logged its SQL parameters (a full ID number) at error
 * level. Every line the stack writes is captured through a pino destination stream and searched.
 */
describe.each(MODES)('the logs of a failed insert (%s mode)', (_mode, config) => {
  let stack: TestStack;
  let lines = '';
  const sink = new Writable({
    write(chunk: Buffer, _encoding, done) {
      lines += chunk.toString('utf8');
      done();
    },
  });
  beforeAll(async () => {
    stack = await startTestStack([communitySubgraph], { config, log: createLogger('info', 'test', sink) });
    // Any database failure the code does not expect: an insert into residents refused by a trigger.
    await stack.handle.db.execute(sql`create function community.refuse_insert_by_test() returns trigger language plpgsql as $$ begin raise exception 'refused by the test'; end $$`);
    await stack.handle.db.execute(sql`create trigger refuse_insert before insert on community.residents for each row execute function community.refuse_insert_by_test()`);
  }, 300_000);
  afterAll(() => stack?.stop());

  it('an internal error logs the failure, but no ID number, name, phone or token', async () => {
    const birthDate = '1950-03-07';
    const idNumber = validIdNumber(birthDate, 777);
    const person = { name: '日志测试居民', phone: '13987654321' };
    const token = await tokenFor({ sub: 'worker:logs', roles: ['grid_worker'], gridIds: [DEMO_IDS.grid] });
    lines = '';
    const response = await client(stack.subgraphs.community!.url, token)(
      `mutation($input: RegisterResidentInput!) { registerResident(input: $input) { resident { id } userErrors { code } } }`,
      { input: { householdId: DEMO_IDS.household, gender: 'FEMALE', birthDate, idNumber, ...person } },
    );
    expect(response.errors?.map((e) => e.extensions?.code)).toEqual(['INTERNAL_SERVER_ERROR']);
    expectNothingLeaked(response, [idNumber, person.name, person.phone, 'refused by the test']);
    // The failure is logged (so it can be investigated), withheld values aside.
    expect(lines).toMatch(/"level":50/);
    expect(lines).toContain('refused by the test');
    expect(lines).toContain('Failed query (statement and parameters withheld from the logs)');
    for (const value of [idNumber, idNumber.slice(6, 14), person.name, person.phone, token]) expect(lines).not.toContain(value);
  });
});
