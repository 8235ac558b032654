/**
 * The environment demo (docs/domain-rules.md, environment), derived from the demo district so it agrees with community: the
 * district's rivers (services/demo/rivers.ts) with chiefs at every level and a civilian chief team, weekly patrols
 * whose findings open issues, residents' and grid workers' reports, issues in every state of the case workflow (some
 * reworked, some overdue and raised as the sweep would have), and pocket parks. A pure, deterministic generator (the
 * same district and instant give the same rows) and a seeder that writes them once. Dated back from the seeding
 * instant, so the demo stays current.
 */
import { buildDemoDistrict, DEMO_IDS, DEMO_REFERENCE_DATE, fractionOf, traceRivers, type DemoDistrict, type DemoRiverSegment } from '../demo';
import { ageOn } from '../kit/dates';
import { CASE_TIERS, caseWorkflow, isCaseOpen, type CaseSource, type CaseStatus, type CaseTier } from '../kit/cases';
import type { Database } from '../kit/db';
import { rowsFor, seedOnce, type SeedOptions } from '../kit/seed';
import type { IssueCategory, RiverChiefLevel } from './rules/enums';
import { DEFAULT_DEADLINE_HOURS } from './settings';
import {
  environmentIssueHistory,
  environmentIssues,
  greenSpaces,
  riverChiefs,
  riverChiefSegments,
  riverCommunities,
  riverPatrols,
  rivers,
  riverSegments,
} from './tables';

type Insert<T extends { $inferInsert: object }> = Required<T['$inferInsert']>;

export interface EnvironmentDemo {
  rivers: Insert<typeof rivers>[];
  riverCommunities: Insert<typeof riverCommunities>[];
  segments: Insert<typeof riverSegments>[];
  chiefs: Insert<typeof riverChiefs>[];
  chiefSegments: Insert<typeof riverChiefSegments>[];
  patrols: Insert<typeof riverPatrols>[];
  issues: Insert<typeof environmentIssues>[];
  history: Insert<typeof environmentIssueHistory>[];
  greenSpaces: Insert<typeof greenSpaces>[];
}

/** The patrol record the municipal reports quote (docs/domain-rules.md): floating garbage slight, some garbage piled on the bank, no outfall found. */
export const REPORTED_PATROL_SUMMARY = '水面漂浮物轻微，岸边有少量垃圾堆放，未发现排污口';

const HOUR = 3_600_000;
const DAY = 24 * HOUR;
/** Weeks of patrols the demo holds. */
const PATROL_WEEKS = 8;

/** Patrol records as chiefs write them, and what each one found (the first is the reports' own). */
const PATROL_NOTES: readonly { summary: string; findings: readonly { category: IssueCategory; description: string }[] }[] = [
  {
    summary: REPORTED_PATROL_SUMMARY,
    findings: [
      { category: 'FLOATING_DEBRIS', description: '水面漂浮物轻微：塑料袋、饮料瓶若干' },
      { category: 'GARBAGE_PILE', description: '岸边有少量垃圾堆放' },
    ],
  },
  { summary: '水面清洁，岸坡整洁，未发现排污口，水质无异味', findings: [] },
  { summary: '河道畅通，护栏完好，未发现排污口', findings: [] },
  { summary: '局部水面有落叶和漂浮物，已通知保洁', findings: [{ category: 'FLOATING_DEBRIS', description: '桥下回水区漂浮物聚集' }] },
  { summary: '发现一处疑似雨污混接排口，水色发灰', findings: [{ category: 'SEWAGE_OUTFALL', description: '雨水口旱天出水，疑似雨污混接' }] },
  { summary: '岸边发现建筑垃圾倾倒，未发现排污口', findings: [{ category: 'ILLEGAL_DUMPING', description: '河岸绿化带内倾倒建筑垃圾约两方' }] },
  { summary: '水面清洁，未发现排污口', findings: [] },
];

/** What residents and grid workers report, by category. */
const REPORTS: readonly { category: IssueCategory; description: string; address: string }[] = [
  { category: 'GARBAGE_PILE', description: '楼道口垃圾桶满溢，周边堆放生活垃圾', address: '小区北门垃圾投放点' },
  { category: 'ILLEGAL_CONSTRUCTION', description: '一楼住户在公共绿地私搭彩钢棚', address: '小区中心绿地东侧' },
  { category: 'NOISE', description: '夜间装修噪声扰民，22点后仍在施工', address: '小区内住宅楼' },
  { category: 'BLACK_ODOROUS_WATER', description: '小区景观水池发黑发臭', address: '小区景观水池' },
  { category: 'ILLEGAL_DUMPING', description: '路边倾倒装修垃圾', address: '小区西侧支路' },
  { category: 'OTHER', description: '共享单车乱停放堵塞人行道', address: '小区南门人行道' },
];

/**
 * The statuses the demo's issues end in, cycled so every state of the workflow appears; `REWORK_CLOSED` is an issue
 * closed after one rework loop. Finished ones come most often, as in a real caseload.
 */
const OUTCOMES: readonly (CaseStatus | 'REWORK_CLOSED')[] = [
  'CLOSED',
  'PROCESSING',
  'REPORTED',
  'CLOSED',
  'DISPATCHED',
  'ACCEPTED',
  'REWORK_CLOSED',
  'FILED',
  'PROCESSED',
  'VERIFYING',
  'CLOSED',
  'REWORK',
  'VOIDED',
  'PROCESSING',
];

/** The path from REPORTED to an outcome, along the workflow's first allowed moves (a rework loop where asked). */
function pathTo(outcome: CaseStatus | 'REWORK_CLOSED'): CaseStatus[] {
  const straight: CaseStatus[] = ['ACCEPTED', 'FILED', 'DISPATCHED', 'PROCESSING', 'PROCESSED', 'VERIFYING'];
  if (outcome === 'REPORTED') return [];
  if (outcome === 'VOIDED') return ['ACCEPTED', 'VOIDED'];
  if (outcome === 'CLOSED') return [...straight, 'CLOSED'];
  if (outcome === 'REWORK') return [...straight, 'REWORK'];
  if (outcome === 'REWORK_CLOSED') return [...straight, 'REWORK', 'DISPATCHED', 'PROCESSING', 'PROCESSED', 'VERIFYING', 'CLOSED'];
  return straight.slice(0, straight.indexOf(outcome) + 1);
}

/** Officials above the communities (fictional names): one city and one district chief for every river. */
const CITY_CHIEF = { name: '周建明', position: '副市长' };
const COUNTY_CHIEF = { name: '陈立群', position: '区长' };
/** Subdistrict chiefs, one per subdistrict in district order. */
const TOWNSHIP_CHIEFS = [
  { name: '王海燕', position: '东湖街道党工委书记' },
  { name: '李国平', position: '南山街道办事处主任' },
  { name: '赵晓东', position: '清河街道党工委书记' },
];
/** Civilian chiefs per river's team (民间河长队). */
const CIVILIANS_PER_TEAM = 3;

/** Handy ids for docs and tests. */
export const ENVIRONMENT_DEMO_IDS = {
  /** 清河, whose first segment runs along the pinned grid (DEMO_IDS.grid). */
  river: 'river-1',
  segment: 'river-1-segment-01',
  cityChief: 'chief-city',
} as const;

interface Ids {
  issue: number;
  history: number;
  recent: number;
}

/** Issues reported within these days may be anywhere in the workflow. */
const RECENT_DAYS = 7;
/** How older issues ended, mostly closed. */
const FINISHED: readonly (CaseStatus | 'REWORK_CLOSED')[] = ['CLOSED', 'CLOSED', 'REWORK_CLOSED', 'CLOSED', 'VOIDED'];

const uuidOf = (n: number) => `00000000-0000-4000-8000-${String(n).padStart(12, '0')}`;

/** The resident who reports most in the pinned grid: the first adult under 60 of its first households. */
export function pinnedReporter(district: DemoDistrict): string {
  const reference = new Date(`${DEMO_REFERENCE_DATE}T00:00:00Z`);
  const buildings = new Set(district.buildings.filter((b) => b.gridId === DEMO_IDS.grid).map((b) => b.id));
  const households = new Set(district.households.filter((h) => buildings.has(h.buildingId)).map((h) => h.id));
  const reporter = district.residents.find((r) => households.has(r.householdId) && ageOn(r.birthDate, reference) >= 25 && ageOn(r.birthDate, reference) < 60);
  return reporter!.id;
}

/** Builds the environment demo from the district, dated back from `now`. */
export function buildEnvironmentDemo(district: DemoDistrict, now: Date): EnvironmentDemo {
  const traced = traceRivers(district.communities, district.grids, DEMO_IDS.grid);
  const segments = traced.flatMap((river) => river.segments);
  const workersOf = (gridId: string) => district.gridAssignments.filter((a) => a.gridId === gridId).map((a) => a.gridWorkerId);
  const workerById = new Map(district.gridWorkers.map((w) => [w.id, w]));
  const fullTimeOf = (gridId: string) => workersOf(gridId).find((id) => workerById.get(id)!.role === 'FULL_TIME') ?? workersOf(gridId)[0]!;
  /** A micro-grid liaison under the grid: who walks the river bank weekly. */
  const liaisonOf = (gridId: string) => {
    const micro = district.grids.find((g) => g.parentId === gridId && g.kind === 'MICRO');
    return (micro && workersOf(micro.id)[0]) ?? fullTimeOf(gridId);
  };
  const communityIndex = (communityId: string) => district.communities.findIndex((c) => c.id === communityId);

  // Residents by grid, for civilian chiefs and residents' reports.
  const gridOfBuilding = new Map(district.buildings.map((b) => [b.id, b.gridId]));
  const gridOfHousehold = new Map(district.households.map((h) => [h.id, gridOfBuilding.get(h.buildingId)!]));
  const reference = new Date(`${DEMO_REFERENCE_DATE}T00:00:00Z`);
  const adultsOf = (gridId: string, count: number, salt: string) =>
    district.residents
      .filter((r) => gridOfHousehold.get(r.householdId) === gridId && ageOn(r.birthDate, reference) >= 25 && ageOn(r.birthDate, reference) < 70)
      .map((r) => ({ r, order: fractionOf(`${salt}:${r.id}`) }))
      .sort((a, b) => a.order - b.order)
      .slice(0, count)
      .map(({ r }) => r);

  const chiefs: EnvironmentDemo['chiefs'] = [];
  const chiefSegments: EnvironmentDemo['chiefSegments'] = [];
  const chief = (row: Omit<EnvironmentDemo['chiefs'][number], 'team' | 'gridWorkerId' | 'residentId'> & Partial<EnvironmentDemo['chiefs'][number]>, of: readonly DemoRiverSegment[]) => {
    if (!chiefs.some((c) => c.id === row.id)) chiefs.push({ team: null, gridWorkerId: null, residentId: null, ...row });
    for (const segment of of) chiefSegments.push({ chiefId: row.id, segmentId: segment.id });
    return row.id;
  };
  const villageChiefOf = new Map<string, string>();
  const civiliansOf = new Map<string, string[]>();
  for (const river of traced) {
    chief({ id: 'chief-city', name: CITY_CHIEF.name, level: 'CITY' satisfies RiverChiefLevel, position: `${CITY_CHIEF.position}（市级河长）` }, river.segments);
    chief({ id: 'chief-county', name: COUNTY_CHIEF.name, level: 'COUNTY', position: `${COUNTY_CHIEF.position}（区级河长）` }, river.segments);
    for (const segment of river.segments) {
      const subdistrict = district.subdistricts.findIndex((s) => s.id === district.communities[communityIndex(segment.communityId)]!.subdistrictId);
      const township = TOWNSHIP_CHIEFS[subdistrict]!;
      chief({ id: `chief-township-${subdistrict + 1}`, name: township.name, level: 'TOWNSHIP', position: `${township.position}（街道级河长）` }, [segment]);
      // The community's grid chief (网格长) is its village-level river chief.
      const gridChief = district.gridWorkers[communityIndex(segment.communityId)]!;
      villageChiefOf.set(segment.id, chief({ id: `chief-village-${gridChief.id}`, name: gridChief.name, level: 'VILLAGE', position: '社区书记（社区级河长）', gridWorkerId: gridChief.id }, [segment]));
    }
    // A civilian chief team per river, residents living along its first segment.
    const team = `${river.name}民间河长队`;
    civiliansOf.set(
      river.id,
      adultsOf(river.segments[0]!.gridId, CIVILIANS_PER_TEAM, river.id).map((resident, i) =>
        chief({ id: `chief-civilian-${river.id}-${i + 1}`, name: resident.name, level: 'CIVILIAN', position: i === 0 ? '民间河长（队长）' : '民间河长', team, residentId: resident.id }, river.segments),
      ),
    );
  }

  const ids: Ids = { issue: 0, history: 0, recent: 0 };
  const issues: EnvironmentDemo['issues'] = [];
  const history: EnvironmentDemo['history'] = [];

  /** An issue reported at `reportedAt`, carried along the workflow to its outcome and raised as the sweep would have. */
  const addIssue = (
    facts: Pick<EnvironmentDemo['issues'][number], 'category' | 'description' | 'address' | 'gridId' | 'source' | 'reporterResidentId' | 'reporterWorkerId' | 'reportedBy' | 'patrolId' | 'segmentId'>,
    reportedAt: Date,
  ) => {
    const n = ++ids.issue;
    const id = `env-issue-${String(n).padStart(4, '0')}`;
    // Recent issues are anywhere in the workflow; older ones are mostly finished, a few left open (and overdue).
    const recent = now.getTime() - reportedAt.getTime() <= RECENT_DAYS * DAY;
    const outcome = recent ? OUTCOMES[ids.recent++ % OUTCOMES.length]! : n % 9 === 0 ? 'PROCESSING' : FINISHED[n % FINISHED.length]!;
    const hours = DEFAULT_DEADLINE_HOURS[facts.category] * HOUR;
    const handler = fullTimeOf(facts.gridId);
    const entries: { kind: 'TRANSITION' | 'RAISE'; from: CaseStatus; to: CaseStatus; fromTier: CaseTier; toTier: CaseTier; actor: string; note: string | null; at: Date }[] = [];
    let status: CaseStatus = 'REPORTED';
    let tier: CaseTier = 'GRID';
    let deadline = new Date(reportedAt.getTime() + hours);
    // Steps a few hours apart, finished well within the deadline, and never past now.
    const steps = pathTo(outcome);
    const gap = Math.min(hours / (steps.length + 2), Math.max(now.getTime() - reportedAt.getTime(), 60_000) / (steps.length + 1));
    steps.forEach((to, i) => {
      caseWorkflow.assertMove(status, to);
      const at = new Date(reportedAt.getTime() + gap * (i + 1));
      const actor = ['PROCESSING', 'PROCESSED'].includes(to) ? `worker:${handler}` : `worker:${fullTimeOf(facts.gridId)}`;
      entries.push({ kind: 'TRANSITION', from: status, to, fromTier: tier, toTier: tier, actor, note: noteFor(to), at });
      status = to;
      // Beyond the grid's authority: illegal construction goes to the community by hand once filed.
      if (to === 'FILED' && facts.category === 'ILLEGAL_CONSTRUCTION') {
        const raisedAt = new Date(at.getTime() + 60_000);
        entries.push({ kind: 'RAISE', from: status, to: status, fromTier: tier, toTier: 'COMMUNITY', actor, note: '违建拆除超出网格权限，提请社区处置', at: raisedAt });
        tier = 'COMMUNITY';
        deadline = new Date(raisedAt.getTime() + hours);
      }
    });
    // Overdue while open: the sweep raised it one tier per missed deadline, up to the city, where it stays overdue.
    while (isCaseOpen(status) && deadline < now && tier !== 'CITY') {
      const next: CaseTier = CASE_TIERS[CASE_TIERS.indexOf(tier) + 1]!;
      entries.push({ kind: 'RAISE', from: status, to: status, fromTier: tier, toTier: next, actor: 'sweep', note: 'overdue: raised automatically', at: deadline });
      tier = next;
      deadline = new Date(deadline.getTime() + hours);
    }
    entries.sort((a, b) => a.at.getTime() - b.at.getTime());
    for (const entry of entries) {
      history.push({ id: uuidOf(++ids.history), caseId: id, kind: entry.kind, fromStatus: entry.from, toStatus: entry.to, fromTier: entry.fromTier, toTier: entry.toTier, actorSub: entry.actor, note: entry.note, at: entry.at });
    }
    const lastMove = entries.filter((e) => e.kind === 'TRANSITION').at(-1);
    issues.push({
      id,
      ...facts,
      status,
      tier,
      deadline,
      version: 1 + entries.length,
      reportedAt,
      updatedAt: lastMove?.at ?? reportedAt,
      latitude: null,
      longitude: null,
      photoUrls: [`https://img.onegrid.example/environment/${id}-1.jpg`],
      handlerWorkerId: steps.includes('DISPATCHED') ? handler : null,
    });
    return id;
  };

  // Weekly patrols of every segment by its village chief with the micro-grid liaison, fortnightly by the civilian team,
  // monthly by the subdistrict chief; newest first in the notes' cycle, so the latest patrol is the reports' own.
  const patrols: EnvironmentDemo['patrols'] = [];
  let patrolNumber = 0;
  for (const river of traced) {
    for (const [s, segment] of river.segments.entries()) {
      for (let week = 0; week < PATROL_WEEKS; week++) {
        const civilian = week % 2 === 1;
        const township = week % 4 === 3;
        const startedAt = new Date(now.getTime() - (week * 7 + 1 + s) * DAY + 9 * HOUR - ((now.getTime() % DAY) || 0));
        const endedAt = new Date(startedAt.getTime() + 90 * 60_000);
        const chiefId = township
          ? chiefs.find((c) => c.level === 'TOWNSHIP' && chiefSegments.some((l) => l.chiefId === c.id && l.segmentId === segment.id))!.id
          : civilian
            ? civiliansOf.get(river.id)![week % CIVILIANS_PER_TEAM]!
            : villageChiefOf.get(segment.id)!;
        const liaison = liaisonOf(segment.gridId);
        const notes = PATROL_NOTES[(week + s) % PATROL_NOTES.length]!;
        const id = `patrol-${String(++patrolNumber).padStart(4, '0')}`;
        patrols.push({
          id,
          segmentId: segment.id,
          chiefId,
          patrollerWorkerId: civilian || township ? null : liaison,
          startedAt,
          endedAt,
          summary: notes.summary,
          recordedBy: `worker:${liaison}`,
          createdAt: endedAt,
        });
        for (const finding of notes.findings) {
          addIssue(
            {
              category: finding.category,
              description: finding.description,
              address: segment.name,
              gridId: segment.gridId,
              source: 'PATROL' satisfies CaseSource,
              reporterResidentId: null,
              reporterWorkerId: civilian || township ? null : liaison,
              reportedBy: `worker:${liaison}`,
              patrolId: id,
              segmentId: segment.id,
            },
            endedAt,
          );
        }
      }
    }
  }

  // Reports from residents and grid workers in the grids along the rivers, the pinned reporter's among them.
  const reporter = pinnedReporter(district);
  const reportingGrids = [...new Set(segments.map((s) => s.gridId))];
  for (const [g, gridId] of reportingGrids.entries()) {
    const residents = gridId === DEMO_IDS.grid ? [district.residents.find((r) => r.id === reporter)!, ...adultsOf(gridId, 2, 'report')] : adultsOf(gridId, 2, 'report');
    REPORTS.forEach((report, i) => {
      const byResident = i % 2 === 0;
      const resident = residents[(i / 2) % residents.length | 0]!;
      const worker = fullTimeOf(gridId);
      addIssue(
        {
          ...report,
          gridId,
          source: byResident ? 'RESIDENT' : i === 5 ? 'HOTLINE_12345' : 'GRID_WORKER',
          reporterResidentId: byResident ? resident.id : null,
          reporterWorkerId: byResident || i === 5 ? null : worker,
          reportedBy: byResident ? `resident:${resident.id}` : `worker:${worker}`,
          patrolId: null,
          segmentId: null,
        },
        new Date(now.getTime() - ((g * REPORTS.length + i) % 21) * DAY - (i + 1) * HOUR),
      );
    });
  }

  // Two pocket parks per urban community, one per rural one, in its comprehensive grids.
  const spaces: EnvironmentDemo['greenSpaces'] = [];
  district.communities.forEach((community, c) => {
    const grids = district.grids.filter((g) => g.communityId === community.id && g.kind === 'COMPREHENSIVE');
    const count = c < 8 ? 2 : 1;
    for (let k = 0; k < count && k < grids.length; k++) {
      const grid = grids[Math.floor(fractionOf(`park:${community.id}:${k}`) * grids.length)]!;
      spaces.push({
        id: `green-space-${String(spaces.length + 1).padStart(3, '0')}`,
        name: `${community.name.replace(/社区$/, '')}${k === 0 ? '口袋公园' : '街角绿地'}`,
        areaM2: (300 + Math.round(fractionOf(`area:${community.id}:${k}`) * 2700)).toFixed(1),
        gridId: grid.id,
        communityId: community.id,
        maintainer: k === 0 ? `${community.name}居民委员会` : `${district.subdistricts.find((s) => s.id === community.subdistrictId)!.name}城市管理中队`,
      });
    }
  });

  return {
    rivers: traced.map(({ id, name, lengthKm, waterQualityTarget }) => ({ id, name, lengthKm, waterQualityTarget })),
    riverCommunities: traced.flatMap((river) => [...new Set(river.segments.map((s) => s.communityId))].map((communityId) => ({ riverId: river.id, communityId }))),
    segments: segments.map(({ id, riverId, name, lengthKm, communityId, gridId }) => ({
      id,
      riverId,
      name,
      lengthKm,
      communityId,
      gridId,
      waterQualityTarget: traced.find((r) => r.id === riverId)!.waterQualityTarget,
    })),
    chiefs,
    chiefSegments,
    patrols,
    issues,
    history,
    greenSpaces: spaces,
  };
}

/** What the person who moved an issue wrote. */
function noteFor(to: CaseStatus): string {
  const notes: Partial<Record<CaseStatus, string>> = {
    ACCEPTED: '已受理',
    FILED: '核实属实，予以立案',
    VOIDED: '经核实不属于环境问题，不予立案',
    DISPATCHED: '派遣网格员处置',
    PROCESSING: '已到现场处置',
    PROCESSED: '处置完毕，已拍照反馈',
    VERIFYING: '安排核查',
    CLOSED: '现场核查合格，结案',
    REWORK: '核查不合格，仍有残留，返工',
  };
  return notes[to] ?? '';
}

/** Seeds the environment demo once (nothing when already seeded), dated back from `now`. */
export async function seedEnvironment(db: Database, options: SeedOptions = {}, now: Date = new Date()): Promise<{ issues: number }> {
  const demo = await seedOnce(db, {
    guard: rivers,
    build: () => buildEnvironmentDemo(buildDemoDistrict({ seed: options.seed, scale: options.scale }), now),
    rows: (rows) => [
      rowsFor(rivers, rows.rivers),
      rowsFor(riverCommunities, rows.riverCommunities),
      rowsFor(riverSegments, rows.segments),
      rowsFor(riverChiefs, rows.chiefs),
      rowsFor(riverChiefSegments, rows.chiefSegments),
      rowsFor(riverPatrols, rows.patrols),
      rowsFor(environmentIssues, rows.issues),
      rowsFor(environmentIssueHistory, rows.history),
      rowsFor(greenSpaces, rows.greenSpaces),
    ],
  }, options.progress);
  return { issues: demo?.issues.length ?? 0 };
}
