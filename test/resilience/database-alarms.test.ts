import { and, eq } from 'drizzle-orm';
import { DEMO_IDS } from '../../services/demo';
import { alarms } from '../../services/safety/tables';
import type { UserErrorValue } from '../support/graphql';
import { client, dataOf, rowCount, USER_ERRORS, useSafetyStack } from '../safety/fixtures';

/**
 * An SOS is never doubled: a device that retries one alarm hundreds of times at once, through the gateway on
 * PostgreSQL's pool, stores exactly one alarm, and every retry answers it (the claim is a database key, not a check).
 */
const onPostgres = process.env.DATABASE_URL ? describe : describe.skip;
const world = useSafetyStack();
const RETRIES = 200;

onPostgres('an alarm retried hundreds of times at once', () => {
  it(`stores one alarm for ${RETRIES} simultaneous raiseAlarm calls with one idempotencyKey`, async () => {
    type Raised = { raiseAlarm: { alarm: { id: string; kind: string; status: string } | null; userErrors: UserErrorValue[] } | null };
    const RAISE = `mutation($input: RaiseAlarmInput!) { raiseAlarm(input: $input) { alarm { id kind status } ${USER_ERRORS} } }`;
    const input = { deviceId: DEMO_IDS.sosButton, kind: 'SOS', idempotencyKey: 'sos-storm' };
    const asDevice = client(world.stack.gateway.url, world.token.deviceGateway);
    const answers = await Promise.all(Array.from({ length: RETRIES }, () => asDevice<Raised>(RAISE, { input })));
    const payloads = answers.map((answer) => dataOf(answer).raiseAlarm!);
    for (const payload of payloads) expect(payload.userErrors).toEqual([]);
    expect(new Set(payloads.map((payload) => payload.alarm!.id)).size).toBe(1);
    expect(payloads[0]!.alarm).toMatchObject({ kind: 'SOS', status: 'RAISED' });
    const stored = await rowCount(world.stack, alarms, and(eq(alarms.deviceId, DEMO_IDS.sosButton), eq(alarms.idempotencyKey, 'sos-storm')));
    expect(stored).toBe(1);
    process.stdout.write(`raiseAlarm x${RETRIES}, one idempotencyKey: ${stored} alarm stored\n`);
  });
});
