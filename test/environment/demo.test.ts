import { buildDemoDistrict, DEMO_IDS } from '../../services/demo';
import { buildEnvironmentDemo, ENVIRONMENT_DEMO_IDS, pinnedReporter, REPORTED_PATROL_SUMMARY, seedEnvironment } from '../../services/environment/demo';
import { RIVER_CHIEF_LEVELS } from '../../services/environment/rules/enums';
import { environmentIssues, rivers } from '../../services/environment/tables';
import { CASE_STATUSES, caseWorkflow, isCaseOverdue, tierAbove, type CaseStatus, type CaseTier } from '../../services/kit/cases';
import type { DatabaseHandle } from '../../services/kit/db';
import { openTestDatabase } from '../support/database';
import { environmentSubgraph } from '../../services/environment';
import { count } from 'drizzle-orm';

const district = buildDemoDistrict();
const now = new Date('2026-11-30T10:00:00Z');
const demo = buildEnvironmentDemo(district, now);

describe('the environment demo, derived from the demo district', () => {
  it('is deterministic for the same district and instant', () => {
    expect(buildEnvironmentDemo(district, now)).toEqual(demo);
  });

  it('names only places and people of the district', () => {
    const grids = new Set(district.grids.map((g) => g.id));
    const communities = new Set(district.communities.map((c) => c.id));
    const workers = new Set(district.gridWorkers.map((w) => w.id));
    const residents = new Set(district.residents.map((r) => r.id));
    for (const segment of demo.segments) expect([grids.has(segment.gridId), communities.has(segment.communityId)]).toEqual([true, true]);
    for (const issue of demo.issues) {
      expect(grids.has(issue.gridId)).toBe(true);
      for (const worker of [issue.reporterWorkerId, issue.handlerWorkerId]) if (worker) expect(workers.has(worker)).toBe(true);
      if (issue.reporterResidentId) expect(residents.has(issue.reporterResidentId)).toBe(true);
    }
    for (const chief of demo.chiefs) {
      if (chief.gridWorkerId) expect(workers.has(chief.gridWorkerId)).toBe(true);
      if (chief.residentId) expect(residents.has(chief.residentId)).toBe(true);
    }
    expect(demo.segments.find((s) => s.id === ENVIRONMENT_DEMO_IDS.segment)).toMatchObject({ riverId: ENVIRONMENT_DEMO_IDS.river, gridId: DEMO_IDS.grid });
  });

  it('gives every segment chiefs at every level, and every river a civilian chief team of residents', () => {
    for (const segment of demo.segments) {
      const levels = demo.chiefSegments.filter((l) => l.segmentId === segment.id).map((l) => demo.chiefs.find((c) => c.id === l.chiefId)!.level);
      expect(new Set(levels)).toEqual(new Set(RIVER_CHIEF_LEVELS));
    }
    for (const river of demo.rivers) {
      const team = demo.chiefs.filter((c) => c.level === 'CIVILIAN' && c.team === `${river.name}民间河长队`);
      expect(team.length).toBe(3);
      expect(team.every((c) => c.residentId)).toBe(true);
    }
  });

  it('holds patrols with the findings the reports name, each finding an issue from PATROL', () => {
    const quoted = demo.patrols.filter((p) => p.summary === REPORTED_PATROL_SUMMARY);
    expect(REPORTED_PATROL_SUMMARY).toBe('水面漂浮物轻微，岸边有少量垃圾堆放，未发现排污口');
    expect(quoted.length).toBeGreaterThan(0);
    for (const patrol of quoted) {
      const findings = demo.issues.filter((i) => i.patrolId === patrol.id);
      expect(findings.map((f) => [f.category, f.source, f.segmentId]).sort()).toEqual([
        ['FLOATING_DEBRIS', 'PATROL', patrol.segmentId],
        ['GARBAGE_PILE', 'PATROL', patrol.segmentId],
      ]);
    }
    expect(demo.patrols.every((p) => p.startedAt < p.endedAt && p.endedAt <= now && (p.chiefId || p.patrollerWorkerId))).toBe(true);
  });

  it('has issues in every state, some reworked, some overdue and escalated', () => {
    expect(new Set(demo.issues.map((i) => i.status))).toEqual(new Set(CASE_STATUSES));
    const historyOf = (id: string) => demo.history.filter((h) => h.caseId === id);
    expect(demo.issues.some((i) => i.status === 'CLOSED' && historyOf(i.id).some((h) => h.toStatus === 'REWORK'))).toBe(true);
    const overdue = demo.issues.filter((i) => isCaseOverdue(i, now));
    expect(overdue.length).toBeGreaterThan(0);
    // The sweep has done its work: only issues at the top tier can still be overdue.
    expect(overdue.every((i) => i.tier === 'CITY')).toBe(true);
    expect(demo.issues.filter((i) => historyOf(i.id).some((h) => h.kind === 'RAISE' && h.actorSub === 'sweep')).length).toBeGreaterThan(overdue.length);
    expect(demo.issues.some((i) => historyOf(i.id).some((h) => h.kind === 'RAISE' && h.actorSub !== 'sweep'))).toBe(true);
    expect(demo.issues.some((i) => i.reporterResidentId === pinnedReporter(district))).toBe(true);
  });

  it('records a history each issue could have lived: legal moves and raises, its version one more than its entries', () => {
    const byIssue = new Map<string, typeof demo.history>();
    for (const entry of demo.history) byIssue.set(entry.caseId, [...(byIssue.get(entry.caseId) ?? []), entry]);
    for (const issue of demo.issues) {
      let status: CaseStatus = 'REPORTED';
      let tier: CaseTier = 'GRID';
      const entries = byIssue.get(issue.id) ?? [];
      for (const entry of entries) {
        expect([entry.fromStatus, entry.fromTier]).toEqual([status, tier]);
        if (entry.kind === 'TRANSITION') caseWorkflow.assertMove(status, entry.toStatus);
        else expect(entry.toTier).toBe(tierAbove(tier));
        [status, tier] = [entry.toStatus, entry.toTier];
        expect(entry.at.getTime()).toBeLessThanOrEqual(now.getTime());
      }
      expect({ status: issue.status, tier: issue.tier, version: issue.version }).toEqual({ status, tier, version: entries.length + 1 });
      expect(issue.handlerWorkerId !== null).toBe(entries.some((e) => e.toStatus === 'DISPATCHED'));
    }
  });
});

describe('seedEnvironment', () => {
  let handle: DatabaseHandle;
  beforeAll(async () => {
    handle = await openTestDatabase();
    await handle.migrate(environmentSubgraph.migrationsFolder, environmentSubgraph.pgSchema);
  }, 60_000);
  afterAll(() => handle?.close());

  it('writes the demo once; a second seed does nothing', async () => {
    expect(await seedEnvironment(handle.db, {}, now)).toEqual({ issues: demo.issues.length });
    expect(await seedEnvironment(handle.db, {}, now)).toEqual({ issues: 0 });
    const [issues] = await handle.db.select({ n: count() }).from(environmentIssues);
    const [stored] = await handle.db.select({ n: count() }).from(rivers);
    expect([issues!.n, stored!.n]).toEqual([demo.issues.length, demo.rivers.length]);
  });
});
