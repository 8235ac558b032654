/**
 * The housing demo (docs/domain-rules.md, housing), derived from the demo district so it agrees with community: the big 2002
 * compound's elevator retrofits on the buildings the district decided (two in service, the third collecting consent),
 * a retrofit another compound's owners rejected, and renovation projects across several compounds in different
 * phases. Pure and deterministic (the same district gives the same rows), plus a seeder that writes them once.
 */
import { buildDemoDistrict, fractionOf, type DemoBuilding, type DemoDistrict, type DemoHousehold } from '../demo';
import type { Database } from '../kit/db';
import { rowsFor, seedOnce, type Insert, type SeedOptions } from '../kit/seed';
import { areaHundredths } from './rules/consent';
import { RENOVATION_PHASES, RETROFIT_PHASES, type RenovationPhase, type RetrofitPhase, type VoteChoice } from './rules/enums';
import {
  consents,
  consentVoteHistory,
  consentVotes,
  elevatorRetrofits,
  renovationPhaseTransitions,
  renovationProjects,
  retrofitPhaseTransitions,
  rollEntries,
  type RenovationItem,
} from './tables';


export interface HousingDemo {
  retrofits: Insert<typeof elevatorRetrofits>[];
  retrofitTransitions: Insert<typeof retrofitPhaseTransitions>[];
  consents: Insert<typeof consents>[];
  roll: Insert<typeof rollEntries>[];
  votes: Insert<typeof consentVotes>[];
  voteHistory: Insert<typeof consentVoteHistory>[];
  projects: Insert<typeof renovationProjects>[];
  projectTransitions: Insert<typeof renovationPhaseTransitions>[];
}

/** Handy ids for docs and tests. */
export const HOUSING_DEMO_IDS = {
  /** The retrofit the owners of another compound's walk-up rejected. */
  rejectedRetrofit: 'elevator-retrofit-rejected',
} as const;

const DEMO_ACTOR = 'demo:housing-officer';
/** ¥680,000 per lift, ¥200,000 of it subsidised (a typical municipal figure). */
const LIFT_COST_CENTS = 68_000_000;
const LIFT_SUBSIDY_CENTS = 20_000_000;
const DAY_MS = 86_400_000;

/** How the owners of each retrofit vote: who takes part and who agrees, by a stable draw per household. */
interface VotePlan {
  participation: number;
  agreement: number;
}
const APPROVING: VotePlan = { participation: 0.92, agreement: 0.9 };
/** The third lift: two weeks into the vote, most owners have answered. */
const IN_PROGRESS: VotePlan = { participation: 0.6, agreement: 0.85 };
/** Enough take part, too few agree (the ground-floor owners' usual objection). */
const REJECTING: VotePlan = { participation: 0.85, agreement: 0.45 };

const choiceOf = (householdId: string, plan: VotePlan): VoteChoice | null => {
  if (fractionOf(`${householdId}:takes-part`) >= plan.participation) return null;
  const agrees = fractionOf(`${householdId}:agrees`) < plan.agreement;
  return agrees ? 'AGREE' : fractionOf(`${householdId}:abstains`) < 0.3 ? 'ABSTAIN' : 'DISAGREE';
};

/** The recorded moves along a path of phases: [A, B, C] → A→B, B→C. */
const movesAlong = <P extends string>(path: readonly P[]) => path.slice(1).map((to, i) => ({ from: path[i]!, to }));

/** The path a demo retrofit took to its phase. */
const RETROFIT_PATHS: Partial<Record<RetrofitPhase, readonly RetrofitPhase[]>> = {
  IN_SERVICE: RETROFIT_PHASES.filter((p) => p !== 'REJECTED'),
  CONSENT_COLLECTING: ['PROPOSED', 'CONSENT_COLLECTING'],
  REJECTED: ['PROPOSED', 'CONSENT_COLLECTING', 'REJECTED'],
};

const RENOVATION_ITEMS: RenovationItem[] = [
  { category: 'BASIC', scope: '屋面防水翻新 (roof waterproofing)', quantity: '4200', unit: 'm²', costCents: 126_000_000, fundingSource: 'GOVERNMENT' },
  { category: 'BASIC', scope: '雨污水管网改造 (rain and sewage pipes)', quantity: '1850', unit: 'm', costCents: 92_500_000, fundingSource: 'GOVERNMENT' },
  { category: 'BASIC', scope: '架空线缆入地 (overhead cables underground)', quantity: '2300', unit: 'm', costCents: 41_400_000, fundingSource: 'UTILITY' },
  { category: 'IMPROVEMENT', scope: '外墙保温 (wall insulation)', quantity: '9600', unit: 'm²', costCents: 172_800_000, fundingSource: 'GOVERNMENT' },
  { category: 'IMPROVEMENT', scope: '停车位划线与充电桩 (parking lines and chargers)', quantity: '24', unit: 'set', costCents: 9_600_000, fundingSource: 'SOCIAL' },
  { category: 'UPGRADE', scope: '居家养老服务站 (elder care station)', quantity: '1', unit: 'site', costCents: 35_000_000, fundingSource: 'RESIDENTS' },
];

/** Where each demo project stands: five compounds of one area renewed, others under way. */
const PROJECT_PHASES: { phase: RenovationPhase; progressPercent: number }[] = [
  { phase: 'LONG_TERM_MANAGEMENT', progressPercent: 100 },
  { phase: 'LONG_TERM_MANAGEMENT', progressPercent: 100 },
  { phase: 'LONG_TERM_MANAGEMENT', progressPercent: 100 },
  { phase: 'LONG_TERM_MANAGEMENT', progressPercent: 100 },
  { phase: 'LONG_TERM_MANAGEMENT', progressPercent: 100 },
  { phase: 'CONSTRUCTION', progressPercent: 45 },
  { phase: 'TENDER', progressPercent: 0 },
  { phase: 'SURVEY', progressPercent: 0 },
  // The big compound: the owners were consulted, the plan is being drawn up.
  { phase: 'PLAN', progressPercent: 0 },
];

/** Derives housing's demo rows from the district (pure). `now` dates the vote still in progress. */
export function buildHousingDemo(district: DemoDistrict, now = new Date()): HousingDemo {
  const demo: HousingDemo = { retrofits: [], retrofitTransitions: [], consents: [], roll: [], votes: [], voteHistory: [], projects: [], projectTransitions: [] };
  const householdsOf = new Map<string, DemoHousehold[]>();
  for (const household of district.households) {
    const list = householdsOf.get(household.buildingId);
    if (list) list.push(household);
    else householdsOf.set(household.buildingId, [household]);
  }
  const buildingById = new Map(district.buildings.map((b) => [b.id, b]));
  const residentsOf = new Map<string, string>();
  for (const resident of district.residents) if (!residentsOf.has(resident.householdId)) residentsOf.set(resident.householdId, resident.name);

  const addRetrofit = (id: string, building: DemoBuilding, phase: RetrofitPhase, plan: VotePlan, openedAt: Date, closedAt: Date | null) => {
    const households = householdsOf.get(building.id) ?? [];
    const moves = movesAlong(RETROFIT_PATHS[phase]!);
    const group = households.slice(0, 3).map((h, i) => ({ name: residentsOf.get(h.id) ?? '业主', householdId: h.id, role: ['组长', '联络人', '成员'][i]! }));
    demo.retrofits.push({
      id,
      buildingId: building.id,
      compoundId: building.compoundId,
      stairwellUnit: 0,
      gridId: building.gridId,
      preparationGroup: group,
      status: phase,
      totalCostCents: LIFT_COST_CENTS,
      subsidyCents: LIFT_SUBSIDY_CENTS,
      version: 1 + moves.length,
      createdBy: DEMO_ACTOR,
      createdAt: new Date(openedAt.getTime() - 30 * DAY_MS),
      updatedAt: closedAt ?? openedAt,
    });
    moves.forEach((move, i) =>
      demo.retrofitTransitions.push({ retrofitId: id, ...move, actorSub: DEMO_ACTOR, note: null, at: new Date(openedAt.getTime() + i * DAY_MS) }),
    );
    const consentId = `${id}-consent`;
    demo.consents.push({ id: consentId, retrofitId: id, status: closedAt ? 'CLOSED' : 'OPEN', openedAt, openedBy: DEMO_ACTOR, closedAt, closedBy: closedAt ? DEMO_ACTOR : null });
    for (const [i, household] of households.entries()) {
      demo.roll.push({ consentId, householdId: household.id, unit: household.unit, floor: household.floor, areaHundredths: Number(areaHundredths(household.areaM2)) });
      const choice = choiceOf(household.id, plan);
      if (!choice) continue;
      const castAt = new Date(openedAt.getTime() + (i % 10) * 3_600_000);
      const vote = { consentId, householdId: household.id, choice, method: i % 3 === 0 ? ('WRITTEN' as const) : ('ONLINE' as const), revision: 1, castBy: DEMO_ACTOR, castAt };
      demo.votes.push(vote);
      demo.voteHistory.push(vote);
    }
  };

  for (const planned of district.elevatorRetrofits) {
    const building = buildingById.get(planned.buildingId)!;
    if (planned.inService) {
      const openedAt = new Date(Date.UTC(2018 + planned.ordinal * 2, 3, 1));
      addRetrofit(planned.id, building, 'IN_SERVICE', APPROVING, openedAt, new Date(openedAt.getTime() + 45 * DAY_MS));
    } else {
      addRetrofit(planned.id, building, 'CONSENT_COLLECTING', IN_PROGRESS, new Date(now.getTime() - 14 * DAY_MS), null);
    }
  }
  // The rejected one: the first walk-up of another old compound.
  const retrofitted = new Set(district.elevatorRetrofits.map((r) => r.buildingId));
  const bigCompound = district.buildings.find((b) => retrofitted.has(b.id))?.compoundId;
  const elsewhere = district.buildings.find((b) => !b.hasElevator && b.compoundId !== bigCompound && (householdsOf.get(b.id)?.length ?? 0) >= 12);
  if (elsewhere) addRetrofit(HOUSING_DEMO_IDS.rejectedRetrofit, elsewhere, 'REJECTED', REJECTING, new Date(Date.UTC(2025, 8, 1)), new Date(Date.UTC(2025, 9, 15)));

  // Renovation projects: the oldest compounds first (the programme covers compounds built before 2005), then the big one.
  const old = district.compounds
    .filter((c) => c.builtYear !== null && c.builtYear < 2005 && c.id !== bigCompound)
    .sort((a, b) => a.builtYear! - b.builtYear! || a.id.localeCompare(b.id))
    .slice(0, PROJECT_PHASES.length - 1);
  const big = district.compounds.find((c) => c.id === bigCompound);
  const planned = [...old.map((compound, i) => ({ compound, ...PROJECT_PHASES[i]! })), ...(big ? [{ compound: big, ...PROJECT_PHASES.at(-1)! }] : [])];
  planned.forEach(({ compound, phase, progressPercent }, i) => {
    const id = `renovation-${String(i + 1).padStart(2, '0')}`;
    const moves = movesAlong(RENOVATION_PHASES.slice(0, RENOVATION_PHASES.indexOf(phase) + 1));
    const start = Date.UTC(2022 + Math.floor(i / 3), (i * 2) % 12, 1);
    demo.projects.push({
      id,
      compoundId: compound.id,
      title: `${compound.name} 老旧小区综合改造`,
      items: RENOVATION_ITEMS.filter((_, k) => (k + i) % 4 !== 3),
      status: phase,
      progressPercent,
      version: 1 + moves.length,
      createdBy: DEMO_ACTOR,
      createdAt: new Date(start),
      updatedAt: new Date(start + moves.length * 30 * DAY_MS),
    });
    moves.forEach((move, k) =>
      demo.projectTransitions.push({ projectId: id, ...move, actorSub: DEMO_ACTOR, note: null, at: new Date(start + (k + 1) * 30 * DAY_MS) }),
    );
  });
  return demo;
}

/** Seeds the housing demo once (nothing when a retrofit exists already). */
export async function seedHousing(db: Database, options: SeedOptions = {}, district = buildDemoDistrict({ seed: options.seed, scale: options.scale })) {
  return seedOnce(db, {
    guard: elevatorRetrofits,
    build: () => buildHousingDemo(district),
    rows: (demo) => [
      rowsFor(elevatorRetrofits, demo.retrofits),
      rowsFor(retrofitPhaseTransitions, demo.retrofitTransitions),
      rowsFor(consents, demo.consents),
      rowsFor(rollEntries, demo.roll),
      rowsFor(consentVotes, demo.votes),
      rowsFor(consentVoteHistory, demo.voteHistory),
      rowsFor(renovationProjects, demo.projects),
      rowsFor(renovationPhaseTransitions, demo.projectTransitions),
    ],
  }, options.progress);
}
