import { inArray } from 'drizzle-orm';
import { residents } from '../../services/community/tables';
import { elderlyProfiles } from '../../services/elderly-care/tables';
import { givenElders } from '../support/elders';
import { caughtUp, communityClient, CONSUMER, positions, useFeedStack } from './fixtures';

/**
 * The lag under a burst (issue 8's closing note): 1,000 changes as fast as 20 clients can make them, while a probe
 * reads elderly care's /metrics. Prints the figures; asserts that every change was applied.
 */
const world = useFeedStack();

const gauge = (metrics: string, name: string) => Number(new RegExp(`^${name}\\{consumer="${CONSUMER.replace(/[<-]/g, '\\$&')}"\\} (\\S+)$`, 'm').exec(metrics)?.[1] ?? NaN);

it('catches up with a burst of 1,000 changes, reporting its lag meanwhile', async () => {
  const elders = await givenElders(world.stack, 20);
  const before = new Map((await world.stack.handle.db.select().from(elderlyProfiles).where(inArray(elderlyProfiles.id, elders.map((e) => e.id)))).map((p) => [p.id, p.version]));
  const records = new Map(
    (await world.stack.handle.db.select().from(residents).where(inArray(residents.id, elders.map((e) => e.residentId)))).map((r) => [r.id, r]),
  );
  const { head: start } = await positions(world.stack);
  const metricsUrl = world.stack.subgraphs['elderly-care']!.url.replace(/\/graphql$/, '/metrics');
  const seen = { eventsBehind: 0, secondsBehind: 0, samples: 0 };
  let probing = true;
  const probe = (async () => {
    while (probing) {
      const metrics = await (await fetch(metricsUrl)).text();
      seen.eventsBehind = Math.max(seen.eventsBehind, gauge(metrics, 'onegrid_feed_events_behind') || 0);
      seen.secondsBehind = Math.max(seen.secondsBehind, gauge(metrics, 'onegrid_feed_seconds_behind') || 0);
      seen.samples++;
      await new Promise((resolve) => setTimeout(resolve, 10));
    }
  })();

  const act = communityClient(world.stack, world.token.admin);
  const burstStarted = Date.now();
  // 50 tag changes per elder, each toggling DISABLED: every one changes elderly care's copy.
  await Promise.all(
    elders.map(async ({ residentId }) => {
      const record = records.get(residentId)!;
      let { version } = record;
      let tags: string[] = record.tags;
      for (let i = 0; i < 50; i++) {
        tags = tags.includes('DISABLED') ? tags.filter((tag) => tag !== 'DISABLED') : [...tags, 'DISABLED'];
        version = (await act.retag(residentId, version, tags)).version;
      }
    }),
  );
  const lastCommit = Date.now();
  await caughtUp(world.stack, 60_000);
  const caughtUpAfter = Date.now() - lastCommit;
  probing = false;
  await probe;

  const { head, applied } = await positions(world.stack);
  expect(head - start).toBe(1000);
  expect(applied).toBe(head);
  const after = await world.stack.handle.db.select().from(elderlyProfiles).where(inArray(elderlyProfiles.id, elders.map((e) => e.id)));
  for (const profile of after) expect(profile.version).toBe(before.get(profile.id)! + 50);

  console.log(
    `change feed lag, ${world.stack.handle.driver}: 1,000 changes by 20 clients in ${lastCommit - burstStarted} ms; ` +
      `caught up ${caughtUpAfter} ms after the last commit; max onegrid_feed_events_behind ${seen.eventsBehind}, ` +
      `max onegrid_feed_seconds_behind ${seen.secondsBehind.toFixed(3)} (${seen.samples} samples of /metrics)`,
  );
  expect(seen.samples).toBeGreaterThan(0);
}, 120_000);
