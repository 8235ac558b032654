/**
 * The elderly-care demo (docs/domain-rules.md, elderly-care), derived from the demo district so it agrees with community: every
 * resident 60 or older on DEMO_REFERENCE_DATE has a profile with their household, grid, community and tags. A pure,
 * deterministic generator (the same district and day give the same rows) and a seeder that writes them once.
 * Visits, orders and assessments are dated relative to the seeding day, so the demo stays current.
 */
import { buildDemoDistrict, DEMO_IDS, DEMO_REFERENCE_DATE, fractionOf, type DemoDistrict, type DemoResident } from '../demo';
import { addDays, ageOn, dayOf } from '../kit/dates';
import { ELDERLY_AGE } from '../domain/people';
import type { Database } from '../kit/db';
import { rowsFor, seedOnce, type Insert, type SeedOptions } from '../kit/seed';
import { assessCapability, type CapabilityScores } from './rules/capability';
import { CARE_TAGS, HOME_MODIFICATION_STATUSES, type CareNeed, type CareTag, type LivingArrangement, type MealOrderMode } from './rules/enums';
import { sumHomeModification } from './rules/home-modification';
import { priceMeal, subsidyGroupsOf, type SubsidyRule } from './rules/meal-pricing';
import { DEFAULT_VISIT_SCHEDULE, visitIntervalDays } from './rules/visit-schedule';
import {
  capabilityAssessments,
  careVisits,
  elderlyProfiles,
  homeModifications,
  homeModificationTransitions,
  mealOrders,
  mealPlans,
  mealPointCommunities,
  mealPoints,
  subsidyRules,
  type EmergencyContact,
  type HomeModificationItem,
} from './tables';


export interface ElderlyCareDemo {
  mealPoints: Insert<typeof mealPoints>[];
  mealPointCommunities: Insert<typeof mealPointCommunities>[];
  subsidyRules: Insert<typeof subsidyRules>[];
  profiles: Insert<typeof elderlyProfiles>[];
  assessments: Insert<typeof capabilityAssessments>[];
  mealPlans: Insert<typeof mealPlans>[];
  mealOrders: Insert<typeof mealOrders>[];
  careVisits: Insert<typeof careVisits>[];
  homeModifications: Insert<typeof homeModifications>[];
  homeModificationTransitions: Insert<typeof homeModificationTransitions>[];
}

/** Handy ids for docs and tests. */
export const ELDERLY_CARE_DEMO_IDS = {
  /** The profile of DEMO_IDS.elderLivingAlone. */
  elderLivingAlone: 'elder-00001',
  /** 东湖颐乐老年食堂: serves 11 communities and their 6,000+ elders within 500 m. */
  canteen: 'meal-point-01',
  /** A meal table without delivery. */
  mealTable: 'meal-point-02',
} as const;

/** Figures from the municipal reports (docs/domain-rules.md, elderly-care). */
const ASSESSED_HOUSEHOLDS = 208;
const HOME_MODIFICATIONS = 60;

/** Meal points and the communities (by index in the district) they serve. */
const MEAL_POINTS = [
  {
    name: '东湖颐乐老年食堂',
    kind: 'CANTEEN',
    operator: '颐乐餐饮管理有限公司',
    address: '东湖街道东湖路 88 号',
    serviceRadiusM: 500,
    dailyCapacity: 1000,
    offersDelivery: true,
    mealPriceCents: 1500,
    communities: [0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10],
  },
  {
    name: '南山社区老年餐桌',
    kind: 'MEAL_TABLE',
    operator: '南山社区居委会',
    address: '南山街道南山社区服务中心一楼',
    serviceRadiusM: 300,
    dailyCapacity: 80,
    offersDelivery: false,
    mealPriceCents: 1200,
    communities: [4, 5],
  },
  {
    name: '映月社区老年餐桌',
    kind: 'MEAL_TABLE',
    operator: '映月社区居委会',
    address: '东湖街道映月社区邻里中心',
    serviceRadiusM: 300,
    dailyCapacity: 60,
    offersDelivery: false,
    mealPriceCents: 1200,
    communities: [1, 2],
  },
  {
    name: '清河村社助餐点',
    kind: 'MEAL_POINT',
    operator: '清河街道居家养老服务中心',
    address: '清河街道清河社区文化礼堂',
    serviceRadiusM: 1000,
    dailyCapacity: 150,
    offersDelivery: true,
    mealPriceCents: 1000,
    communities: [8, 9, 10, 11],
  },
] as const;

/** Tiered subsidies (local): the poorest and oldest get the most; every elder gets a little. Cents per meal. */
const SUBSIDY_RULES: SubsidyRule[] = [
  { id: 'subsidy-low-income', targetGroup: 'LOW_INCOME', governmentCents: 800, operatorDiscountCents: 200, dailyCap: 2 },
  { id: 'subsidy-no-kin', targetGroup: 'NO_KIN', governmentCents: 800, operatorDiscountCents: 200, dailyCap: 2 },
  { id: 'subsidy-age-80', targetGroup: 'AGE_80_PLUS', governmentCents: 500, operatorDiscountCents: 200, dailyCap: 1 },
  { id: 'subsidy-lives-alone', targetGroup: 'LIVES_ALONE', governmentCents: 400, operatorDiscountCents: 200, dailyCap: 1 },
  { id: 'subsidy-disabled', targetGroup: 'DISABLED', governmentCents: 400, operatorDiscountCents: 200, dailyCap: 1 },
  { id: 'subsidy-age-60', targetGroup: 'AGE_60_PLUS', governmentCents: 100, operatorDiscountCents: 200, dailyCap: 1 },
];

const FINDINGS = [
  '身体状况良好，家中整洁，无异常。',
  '血压偏高，已提醒按时服药。',
  '冰箱食物充足，精神状态不错。',
  '反映楼道灯不亮，已报物业。',
  '近期睡眠不好，建议社区医生上门。',
  '子女本周来过，情绪稳定。',
] as const;

const HOME_MODIFICATION_ITEMS: readonly HomeModificationItem[] = [
  { category: 'TOILET_BATH', tier: 'BASIC', description: '卫生间安装扶手、淋浴椅', costCents: 180_000, subsidyCents: 150_000 },
  { category: 'FLOOR', tier: 'BASIC', description: '地面防滑处理', costCents: 120_000, subsidyCents: 100_000 },
  { category: 'DOOR', tier: 'BASIC', description: '去除门槛、更换把手式门锁', costCents: 40_000, subsidyCents: 40_000 },
  { category: 'PHYSICAL_ENVIRONMENT', tier: 'BASIC', description: '走廊安装扶手和感应夜灯', costCents: 80_000, subsidyCents: 60_000 },
  { category: 'BEDROOM', tier: 'OPTIONAL', description: '床边护栏', costCents: 60_000, subsidyCents: 0 },
  { category: 'AGING_AIDS', tier: 'OPTIONAL', description: '助行器、轮椅', costCents: 90_000, subsidyCents: 30_000 },
];

const pick = <T>(items: readonly T[], key: string): T => items[Math.floor(fractionOf(key) * items.length)];
const clamp01 = (x: number) => Math.min(1, Math.max(0, x));
/** A moment of `day` in the district's time, China Standard Time. */
const at = (day: string, hour: number, minute = 0) =>
  new Date(`${day}T${String(hour).padStart(2, '0')}:${String(minute).padStart(2, '0')}:00+08:00`);
const numbered = (prefix: string, width: number) => (n: number) => `${prefix}-${String(n).padStart(width, '0')}`;

interface Member {
  resident: DemoResident;
  age: number;
}

const isCareTag = (tag: string): tag is CareTag => (CARE_TAGS as readonly string[]).includes(tag);

/**
 * Who the elder lives with: alone as the district decided it (LIVES_ALONE, which community and safety read too), else
 * from the ages and genders of the household (the demo district plans families so).
 */
function livingArrangementOf(elder: Member, others: readonly Member[]): LivingArrangement {
  if (elder.resident.tags.includes('LIVES_ALONE')) return 'ALONE';
  if (others.some((o) => elder.age - o.age >= 18)) return 'CHILDREN';
  if (others.some((o) => o.resident.gender !== elder.resident.gender && Math.abs(o.age - elder.age) <= 10)) return 'SPOUSE';
  return 'OTHER_RELATIVES';
}

function relationOf(elder: Member, other: Member): string {
  if (elder.age - other.age >= 18) return '子女';
  if (other.resident.gender !== elder.resident.gender && Math.abs(other.age - elder.age) <= 10) return '配偶';
  return '亲属';
}

/** Scores that worsen with age and disability, varied per elder; `better` shifts them up (an earlier assessment). */
function scoresFor(key: string, age: number, disabled: boolean, better = 0): CapabilityScores {
  const frailty = clamp01((age - 60) / 40 + (disabled ? 0.3 : 0) + (fractionOf(`${key}:frailty`) - 0.5) * 0.5 - better);
  const score = (dimension: string, max: number) => Math.round(max * clamp01(1 - frailty * 0.9 + (fractionOf(`${key}:${dimension}`) - 0.5) * 0.15));
  return {
    selfCare: score('selfCare', 32),
    mobility: score('mobility', 15),
    mentalState: score('mentalState', 28),
    perceptionSocial: score('perceptionSocial', 15),
    coma: false,
    dementiaOrMentalDisorder: age >= 75 && fractionOf(`${key}:dementia`) < 0.08,
    riskEventsLast30Days: frailty > 0.5 ? Math.floor(fractionOf(`${key}:risks`) * 4) : 0,
  };
}

/**
 * The elderly-care rows for a community demo district, dated relative to `today` (YYYY-MM-DD). Pure: the same
 * district and day give the same rows.
 */
export function buildElderlyCareDemo(district: DemoDistrict, today: string): ElderlyCareDemo {
  const reference = new Date(`${DEMO_REFERENCE_DATE}T00:00:00Z`);
  const buildingById = new Map(district.buildings.map((b) => [b.id, b]));
  const compoundById = new Map(district.compounds.map((c) => [c.id, c]));
  const householdById = new Map(district.households.map((h) => [h.id, h]));
  const workerById = new Map(district.gridWorkers.map((w) => [w.id, w]));
  const workersByGrid = new Map<string, typeof district.gridWorkers>();
  for (const { gridId, gridWorkerId } of district.gridAssignments) {
    workersByGrid.set(gridId, [...(workersByGrid.get(gridId) ?? []), workerById.get(gridWorkerId)!]);
  }
  const workerOf = (gridId: string | null | undefined, role: string) => workersByGrid.get(gridId ?? '')?.find((w) => w.role === role);
  const membersByHousehold = new Map<string, Member[]>();
  for (const resident of district.residents) {
    const members = membersByHousehold.get(resident.householdId) ?? [];
    members.push({ resident, age: ageOn(resident.birthDate, reference) });
    membersByHousehold.set(resident.householdId, members);
  }

  const points = MEAL_POINTS.map((point, i) => ({ id: numbered('meal-point', 2)(i + 1), ...point }));
  const communityIds = district.communities.map((c) => c.id);

  // The assessed households: the pinned elder's first, then those with the frailest elders, in a fixed shuffle.
  const frail = (m: Member) => m.age >= 80 || m.resident.tags.some((t) => t === 'LIVES_ALONE' || t === 'DISABLED' || t === 'NO_KIN');
  const elderHouseholds = [...membersByHousehold.entries()].filter(([, members]) => members.some((m) => m.age >= ELDERLY_AGE));
  const priority = ([id, members]: (typeof elderHouseholds)[number]) =>
    id === DEMO_IDS.household ? -1 : members.some((m) => m.age >= ELDERLY_AGE && frail(m)) ? fractionOf(id) : 1 + fractionOf(id);
  const assessedHouseholds = new Set(
    elderHouseholds
      .sort((a, b) => priority(a) - priority(b))
      .slice(0, ASSESSED_HOUSEHOLDS)
      .map(([id]) => id),
  );

  const demo: ElderlyCareDemo = {
    mealPoints: points.map(({ communities: _served, ...point }) => point),
    mealPointCommunities: points.flatMap((point) => point.communities.map((c) => ({ mealPointId: point.id, communityId: communityIds[c] }))),
    subsidyRules: SUBSIDY_RULES,
    profiles: [],
    assessments: [],
    mealPlans: [],
    mealOrders: [],
    careVisits: [],
    homeModifications: [],
    homeModificationTransitions: [],
  };
  const plansAt = new Map<string, number>();
  const ordersOn = new Map<string, number>();
  const modificationCandidates: { profileId: string; householdId: string; frailty: number }[] = [];

  for (const [householdId, members] of membersByHousehold) {
    const household = householdById.get(householdId)!;
    const building = buildingById.get(household.buildingId)!;
    const communityId = compoundById.get(building.compoundId)!.communityId;
    const fullTimeWorker = workerOf(building.gridId, 'FULL_TIME');
    const visitors = [fullTimeWorker, workerOf(building.microGridId, 'MICRO_GRID_LIAISON')].filter((w) => w !== undefined);
    for (const elder of members.filter((m) => m.age >= ELDERLY_AGE)) {
      const { resident, age } = elder;
      const residentId = resident.id;
      const profileId = `elder-${residentId.slice('resident-'.length)}`;
      const pinned = residentId === DEMO_IDS.elderLivingAlone;
      const u = (what: string) => fractionOf(`${residentId}:${what}`);
      const others = members.filter((m) => m !== elder);
      const livingArrangement = livingArrangementOf(elder, others);
      const careTags = resident.tags.filter(isCareTag);
      const disabled = careTags.includes('DISABLED');
      const assessed = assessedHouseholds.has(householdId);

      const needs = new Set<CareNeed>();
      if (livingArrangement === 'ALONE') needs.add('COMPANIONSHIP');
      if (pinned || careTags.includes('LOW_INCOME') || (age >= 80 && u('meal') < 0.35) || (livingArrangement === 'ALONE' && u('meal') < 0.25) || u('meal') < 0.03) {
        needs.add('MEAL');
      }
      if (disabled) needs.add('BATH').add('MEDICAL_ESCORT');
      if (age >= 85 && u('cleaning') < 0.5) needs.add('CLEANING');
      // Each assessed household got a tailored smart home-care kit (智能居家养老套装).
      if (assessed) needs.add('EMERGENCY_DEVICE');

      const emergencyContacts: EmergencyContact[] = others
        .filter((o) => o.resident.phone && o.age >= 18)
        .slice(0, 2)
        .map((o) => ({ name: o.resident.name, relation: relationOf(elder, o), phone: o.resident.phone! }));
      if (livingArrangement === 'ALONE' && fullTimeWorker) {
        emergencyContacts.push({ name: fullTimeWorker.name, relation: '网格员', phone: fullTimeWorker.phone });
      }

      const profile = {
        id: profileId,
        residentId,
        householdId,
        gridId: building.gridId,
        communityId,
        birthDate: resident.birthDate,
        careTags,
        livingArrangement,
        needs: [...needs],
        emergencyContacts,
        createdAt: at(DEMO_REFERENCE_DATE, 9),
        updatedAt: at(DEMO_REFERENCE_DATE, 9),
      };
      demo.profiles.push(profile);

      if (assessed) {
        const assessedOn = addDays(today, -(7 + Math.floor(u('assessed') * 200)));
        const rounds = u('reassessed') < 0.25 ? [{ on: addDays(assessedOn, -365), better: 0.1 }, { on: assessedOn, better: 0 }] : [{ on: assessedOn, better: 0 }];
        for (const { on, better } of rounds) {
          const scores = scoresFor(`${residentId}:${on}`, age, disabled, better);
          const { total, baseLevel, level, adjustments } = assessCapability(scores);
          demo.assessments.push({
            id: numbered('assessment', 5)(demo.assessments.length + 1),
            profileId,
            assessedAt: at(on, 10),
            assessor: `demo:assessor-${1 + Math.floor(u(`assessor:${on}`) * 4)}`,
            ...scores,
            total,
            baseLevel,
            level,
            adjustments,
          });
        }
        const latest = demo.assessments.at(-1)!;
        modificationCandidates.push({ profileId, householdId, frailty: 90 - latest.total });
      }

      if (needs.has('MEAL')) {
        // The small local point while it has room, else the canteen, else whatever serves the community.
        const serving = points.filter((p) => p.communities.some((c) => communityIds[c] === communityId));
        const point = serving.find((p) => p.kind !== 'CANTEEN' && (plansAt.get(p.id) ?? 0) < p.dailyCapacity) ?? serving.find((p) => p.kind === 'CANTEEN') ?? serving[0];
        if (point) {
          plansAt.set(point.id, (plansAt.get(point.id) ?? 0) + 1);
          const mode: MealOrderMode = point.offersDelivery && (age >= 85 || disabled) ? 'DELIVERY' : u('pickup') < 0.2 ? 'PICKUP' : 'DINE_IN';
          demo.mealPlans.push({ id: numbered('meal-plan', 5)(demo.mealPlans.length + 1), profileId, mealPointId: point.id, mode, enrolledAt: at(DEMO_REFERENCE_DATE, 9) });
          // Settled days behind, yesterday served, today and tomorrow ordered; a few cancelled.
          for (let offset = -4; offset <= 1; offset++) {
            const day = addDays(today, offset);
            const dayKey = `${point.id}:${day}`;
            if (u(`order:${day}`) >= 0.6 || (ordersOn.get(dayKey) ?? 0) >= point.dailyCapacity) continue;
            const cancelled = u(`cancel:${day}`) < 0.04;
            if (!cancelled) ordersOn.set(dayKey, (ordersOn.get(dayKey) ?? 0) + 1);
            const split = priceMeal({
              listPriceCents: point.mealPriceCents,
              elderGroups: subsidyGroupsOf(careTags, resident.birthDate, day),
              subsidisedMealsToday: 0,
              rules: SUBSIDY_RULES,
            });
            demo.mealOrders.push({
              id: numbered('meal-order', 6)(demo.mealOrders.length + 1),
              profileId,
              mealPointId: point.id,
              servedOn: day,
              mode,
              status: cancelled ? 'CANCELLED' : offset < -1 ? 'SETTLED' : offset === -1 ? 'SERVED' : 'ORDERED',
              ...split,
              createdAt: at(addDays(day, -1), 16),
            });
          }
        }
      }

      // About a third of the elders are overdue; a few were never visited; weekly visitees also show the visit before.
      const interval = visitIntervalDays(DEFAULT_VISIT_SCHEDULE, careTags);
      if (visitors.length && (pinned || u('never-visited') >= 0.03)) {
        const lastAgo = pinned ? 2 : 1 + Math.floor(u('last-visit') * interval * 1.4);
        const agos = interval <= 7 ? [lastAgo, lastAgo + interval] : [lastAgo];
        for (const ago of agos) {
          const day = addDays(today, -ago);
          demo.careVisits.push({
            id: numbered('visit', 6)(demo.careVisits.length + 1),
            profileId,
            visitorId: pick(visitors, `${residentId}:visitor:${day}`).id,
            kind: u(`follow-up:${day}`) < 0.1 ? 'FOLLOW_UP' : 'ROUTINE',
            visitedAt: at(day, 9 + Math.floor(u(`hour:${day}`) * 8), Math.floor(u(`minute:${day}`) * 60)),
            findings: pick(FINDINGS, `${residentId}:findings:${day}`),
          });
        }
      }
    }
  }

  // Home modifications for the frailest assessed elders, one per household, at every step of the workflow.
  const byHousehold = new Map<string, (typeof modificationCandidates)[number]>();
  for (const candidate of modificationCandidates.sort((a, b) => b.frailty - a.frailty || a.profileId.localeCompare(b.profileId))) {
    if (!byHousehold.has(candidate.householdId)) byHousehold.set(candidate.householdId, candidate);
  }
  const profileById = new Map(demo.profiles.map((p) => [p.id, p]));
  [...byHousehold.values()].slice(0, HOME_MODIFICATIONS).forEach(({ profileId, householdId }, i) => {
    const id = numbered('home-modification', 3)(i + 1);
    const items = HOME_MODIFICATION_ITEMS.filter((_, j) => j < 2 || fractionOf(`${id}:item:${j}`) < 0.4);
    const steps = i % HOME_MODIFICATION_STATUSES.length;
    const appliedOn = addDays(today, -(20 + steps * 10 + Math.floor(fractionOf(`${id}:applied`) * 10)));
    const movedOn = (step: number) => addDays(appliedOn, step * 8);
    for (let step = 1; step <= steps; step++) {
      demo.homeModificationTransitions.push({
        id: `${id}-step-${step}`,
        modificationId: id,
        from: HOME_MODIFICATION_STATUSES[step - 1],
        to: HOME_MODIFICATION_STATUSES[step],
        actorSub: 'demo:care-worker',
        at: at(movedOn(step), 15),
      });
    }
    demo.homeModifications.push({
      id,
      profileId,
      householdId,
      status: HOME_MODIFICATION_STATUSES[steps],
      items,
      ...sumHomeModification(items),
      version: 1 + steps,
      createdAt: at(appliedOn, 10),
      updatedAt: steps ? at(movedOn(steps), 15) : at(appliedOn, 10),
    });
    const profile = profileById.get(profileId)!;
    profile.needs = [...(profile.needs ?? []), 'HOME_MODIFICATION'];
  });
  return demo;
}

/**
 * Writes the demo in one transaction, in foreign-key order; does nothing when meal points already exist, so a
 * restarted service does not seed twice. Returns what it inserted.
 */
export async function seedElderlyCare(db: Database, options: SeedOptions = {}, today = dayOf(new Date())): Promise<{ profiles: number }> {
  const demo = await seedOnce(db, {
    guard: mealPoints,
    build: () => buildElderlyCareDemo(buildDemoDistrict({ seed: options.seed, scale: options.scale }), today),
    rows: (rows) => [
      rowsFor(mealPoints, rows.mealPoints),
      rowsFor(mealPointCommunities, rows.mealPointCommunities),
      rowsFor(subsidyRules, rows.subsidyRules),
      rowsFor(elderlyProfiles, rows.profiles),
      rowsFor(capabilityAssessments, rows.assessments),
      rowsFor(mealPlans, rows.mealPlans),
      rowsFor(mealOrders, rows.mealOrders),
      rowsFor(careVisits, rows.careVisits),
      rowsFor(homeModifications, rows.homeModifications),
      rowsFor(homeModificationTransitions, rows.homeModificationTransitions),
    ],
  }, options.progress);
  return { profiles: demo?.profiles.length ?? 0 };
}
