import { and, eq, max, ne, sql } from 'drizzle-orm';
import { communitySubgraph } from '../../services/community';
import { buildings, changeEvents, households } from '../../services/community/tables';
import { DEMO_IDS } from '../../services/demo';
import { elderlyCareSubgraph } from '../../services/elderly-care';
import { feedCursors } from '../../services/elderly-care/tables';
import type { FeedConsumer } from '../../services/kit/feed';
import type { ElderlyCareSettings } from '../../services/elderly-care/settings';
import type { RunningServer } from '../../services/kit/http';
import type { AnySubgraphModule } from '../../services/kit/launch';
import { startSubgraph, type FeedSubscription, type RunningSubgraph } from '../../services/kit/subgraph';
import { client, dataOf, USER_ERRORS, type UserErrorValue } from '../support/graphql';
import { personas, type Personas } from '../support/personas';
import { startTestStack, testConfig, type TestStack } from '../support/stack';

/** The consumer elderly care runs on community's feed. */
export const CONSUMER = 'elderly-care<-community';

/** Community and elderly care (with its feed consumer) behind a gateway over one fresh database, for the test file. */
export function useFeedStack(): { stack: TestStack; token: Personas } {
  const world = {} as { stack: TestStack; token: Personas };
  beforeAll(async () => {
    world.stack = await startTestStack([communitySubgraph, elderlyCareSubgraph]);
    world.token = await personas();
  }, 180_000);
  afterAll(() => world.stack?.stop());
  return world;
}

const isRunningSubgraph = (server: RunningServer | undefined): server is RunningSubgraph => !!server && 'consumers' in server;

/** The feed consumer the stack's elderly-care subgraph runs. */
export function consumerOf(stack: TestStack): FeedConsumer {
  const server = stack.subgraphs['elderly-care'];
  if (!isRunningSubgraph(server)) throw new Error('elderly care is not running with its consumers');
  return server.consumers[CONSUMER]!;
}

type Apply = FeedSubscription<ElderlyCareSettings>['apply'];

/**
 * Another elderly-care process on the stack's database, reading community's feed over HTTP like any replica, with
 * its `apply` wrapped by the test (to record or to fail). Polls every 100 ms.
 */
export async function startElderlyCare(
  stack: TestStack,
  wrap: (apply: Apply) => Apply,
): Promise<RunningSubgraph> {
  const [subscription] = elderlyCareSubgraph.consumes!;
  const module: AnySubgraphModule = { ...elderlyCareSubgraph, consumes: [{ ...subscription!, apply: wrap(subscription!.apply) }] };
  const config = {
    ...testConfig,
    changeFeedIntervalMs: 100,
    services: { ...testConfig.services, community: { ...testConfig.services.community, url: stack.subgraphs.community!.url } },
  };
  return startSubgraph(module, { config, handle: stack.handle, port: 0 });
}

/** The newest position community published, and the position elderly care applied. */
export async function positions(stack: TestStack): Promise<{ head: number; applied: number }> {
  const [head] = await stack.handle.db.select({ position: max(changeEvents.position) }).from(changeEvents);
  const [cursor] = await stack.handle.db.select({ position: feedCursors.position }).from(feedCursors).where(eq(feedCursors.feed, 'community'));
  return { head: head?.position ?? 0, applied: cursor?.position ?? 0 };
}

/** Waits until `condition` holds, checking every 20 ms; the time it took. */
export async function until(condition: () => Promise<boolean>, timeoutMs = 20_000): Promise<number> {
  const started = Date.now();
  while (!(await condition())) {
    if (Date.now() - started > timeoutMs) throw new Error(`condition not met within ${timeoutMs} ms`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
  return Date.now() - started;
}

/** Waits until elderly care applied everything community published. */
export const caughtUp = (stack: TestStack, timeoutMs?: number) =>
  until(async () => {
    const { head, applied } = await positions(stack);
    return applied >= head;
  }, timeoutMs);

/** A household of a comprehensive grid other than the pinned one (grid-001), with that grid. */
export async function householdElsewhere(stack: TestStack, offset = 0): Promise<{ householdId: string; gridId: string }> {
  const [row] = await stack.handle.db
    .select({ householdId: households.id, gridId: buildings.gridId })
    .from(households)
    .innerJoin(buildings, eq(buildings.id, households.buildingId))
    .where(and(ne(buildings.gridId, DEMO_IDS.grid), sql`${buildings.gridId} like 'grid-%'`))
    .orderBy(households.id)
    .offset(offset)
    .limit(1);
  return row!;
}

type Payload<E> = { resident: E | null; userErrors: UserErrorValue[] };

/** Community's mutations, as a test drives them through the gateway. */
export function communityClient(stack: TestStack, token: string) {
  const call = client(stack.gateway.url, token);
  const mutation = async (name: string, input: Record<string, unknown>): Promise<{ id: string; version: number }> => {
    const response = await call<Record<string, Payload<{ id: string; version: number }> | null>>(
      `mutation($input: ${name[0]!.toUpperCase()}${name.slice(1)}Input!) { ${name}(input: $input) { resident { id version } ${USER_ERRORS} } }`,
      { input },
    );
    const payload = dataOf(response)[name];
    expect(payload?.userErrors).toEqual([]);
    return payload!.resident!;
  };
  return {
    move: (id: string, expectedVersion: number, householdId: string) => mutation('moveResident', { id, expectedVersion, householdId }),
    retag: (id: string, expectedVersion: number, tags: string[]) => mutation('updateResident', { id, expectedVersion, tags }),
    deregister: (id: string, expectedVersion: number, reason: string) => mutation('deregisterResident', { id, expectedVersion, reason }),
  };
}
