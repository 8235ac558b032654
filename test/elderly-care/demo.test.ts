import { ageOn } from '../../services/kit/dates';
import { ELDERLY_AGE } from '../../services/domain/people';
import { buildDemoDistrict, DEMO_IDS, DEMO_REFERENCE_DATE, type DemoDistrict } from '../../services/demo';
import { assessCapability } from '../../services/elderly-care/rules/capability';
import { HOME_MODIFICATION_STATUSES } from '../../services/elderly-care/rules/enums';
import { buildElderlyCareDemo, ELDERLY_CARE_DEMO_IDS, type ElderlyCareDemo } from '../../services/elderly-care/demo';

const TODAY = '2026-11-22';
let district: DemoDistrict;
let demo: ElderlyCareDemo;
beforeAll(() => {
  district = buildDemoDistrict();
  demo = buildElderlyCareDemo(district, TODAY);
});

const reference = new Date(`${DEMO_REFERENCE_DATE}T00:00:00Z`);

describe('the elderly-care demo', () => {
  it('is the same for the same district and day', () => {
    expect(buildElderlyCareDemo(buildDemoDistrict(), TODAY)).toEqual(demo);
  });

  it('gives a profile to every resident 60 or older on the reference date, and to no one else', () => {
    const elders = district.residents.filter((r) => ageOn(r.birthDate, reference) >= ELDERLY_AGE);
    expect(demo.profiles.map((p) => p.residentId).sort()).toEqual(elders.map((r) => r.id).sort());
  });

  it("copies household, grid, community, birth date and care tags from the community district", () => {
    const residentById = new Map(district.residents.map((r) => [r.id, r]));
    const householdById = new Map(district.households.map((h) => [h.id, h]));
    const buildingById = new Map(district.buildings.map((b) => [b.id, b]));
    const compoundById = new Map(district.compounds.map((c) => [c.id, c]));
    for (const profile of demo.profiles) {
      const resident = residentById.get(profile.residentId)!;
      const building = buildingById.get(householdById.get(resident.householdId)!.buildingId)!;
      expect(profile).toMatchObject({
        householdId: resident.householdId,
        gridId: building.gridId,
        communityId: compoundById.get(building.compoundId)!.communityId,
        birthDate: resident.birthDate,
        careTags: (resident.tags ?? []).filter((t) => t !== 'VETERAN'),
      });
    }
  });

  it('makes elders living alone exactly the LIVES_ALONE ones, alone in their household', () => {
    const householdSize = new Map<string, number>();
    for (const r of district.residents) householdSize.set(r.householdId, (householdSize.get(r.householdId) ?? 0) + 1);
    for (const profile of demo.profiles) {
      const alone = profile.livingArrangement === 'ALONE';
      expect(profile.careTags!.includes('LIVES_ALONE')).toBe(alone);
      expect(householdSize.get(profile.householdId) === 1).toBe(alone);
    }
    expect(new Set(demo.profiles.map((p) => p.livingArrangement))).toEqual(new Set(['ALONE', 'SPOUSE', 'CHILDREN', 'OTHER_RELATIVES']));
  });

  it('assesses the elders of 208 households, with levels as the rules give them', () => {
    const profileById = new Map(demo.profiles.map((p) => [p.id, p]));
    const households = new Set(demo.assessments.map((a) => profileById.get(a.profileId)!.householdId));
    expect(households.size).toBe(208);
    for (const a of demo.assessments) {
      expect(assessCapability(a as Parameters<typeof assessCapability>[0])).toEqual({
        total: a.total,
        baseLevel: a.baseLevel,
        level: a.level,
        adjustments: a.adjustments,
      });
    }
    expect(new Set(demo.assessments.map((a) => a.level)).size).toBeGreaterThanOrEqual(4);
  });

  it('has a canteen serving 6,000+ elders in 10+ communities within 500 m, and tiered subsidies with daily caps', () => {
    const canteen = demo.mealPoints.find((p) => p.id === ELDERLY_CARE_DEMO_IDS.canteen)!;
    expect(canteen).toMatchObject({ kind: 'CANTEEN', serviceRadiusM: 500 });
    const served = new Set(demo.mealPointCommunities.filter((c) => c.mealPointId === canteen.id).map((c) => c.communityId));
    expect(served.size).toBeGreaterThan(10);
    expect(demo.profiles.filter((p) => served.has(p.communityId)).length).toBeGreaterThan(6000);
    // Every community is served by some point.
    expect(new Set(demo.mealPointCommunities.map((c) => c.communityId))).toEqual(new Set(district.communities.map((c) => c.id)));
    const groups = demo.subsidyRules.map((r) => r.targetGroup);
    expect(groups).toEqual(expect.arrayContaining(['LOW_INCOME', 'AGE_80_PLUS', 'LIVES_ALONE', 'NO_KIN', 'AGE_60_PLUS']));
    const government = (group: string) => demo.subsidyRules.find((r) => r.targetGroup === group)!.governmentCents;
    expect(government('LOW_INCOME')).toBeGreaterThan(government('AGE_80_PLUS'));
    expect(government('AGE_80_PLUS')).toBeGreaterThan(government('AGE_60_PLUS'));
    for (const rule of demo.subsidyRules) expect(rule.dailyCap).toBeGreaterThanOrEqual(1);
  });

  it('enrols elders only at points serving their community, and never orders beyond a point’s capacity', () => {
    const profileById = new Map(demo.profiles.map((p) => [p.id, p]));
    const serves = new Set(demo.mealPointCommunities.map((c) => `${c.mealPointId}|${c.communityId}`));
    for (const plan of demo.mealPlans) expect(serves.has(`${plan.mealPointId}|${profileById.get(plan.profileId)!.communityId}`)).toBe(true);
    const perDay = new Map<string, number>();
    for (const order of demo.mealOrders) {
      expect(order.governmentSubsidyCents + order.operatorDiscountCents + order.elderPaysCents).toBe(order.listPriceCents);
      if (order.status !== 'CANCELLED') perDay.set(`${order.mealPointId}|${order.servedOn}`, (perDay.get(`${order.mealPointId}|${order.servedOn}`) ?? 0) + 1);
    }
    const capacity = new Map(demo.mealPoints.map((p) => [p.id, p.dailyCapacity]));
    for (const [key, n] of perDay) expect(n).toBeLessThanOrEqual(capacity.get(key.split('|')[0]!)!);
    expect(new Set(demo.mealOrders.map((o) => o.status))).toEqual(new Set(['SETTLED', 'SERVED', 'ORDERED', 'CANCELLED']));
    expect(demo.mealOrders.filter((o) => o.status === 'ORDERED').every((o) => o.servedOn >= TODAY)).toBe(true);
  });

  it('has home modifications in every state, each step recorded', () => {
    expect(new Set(demo.homeModifications.map((m) => m.status))).toEqual(new Set(HOME_MODIFICATION_STATUSES));
    for (const m of demo.homeModifications) {
      const steps = demo.homeModificationTransitions.filter((t) => t.modificationId === m.id);
      expect(steps.map((t) => t.to)).toEqual(HOME_MODIFICATION_STATUSES.slice(1, HOME_MODIFICATION_STATUSES.indexOf(m.status!) + 1));
      expect(m.version).toBe(1 + steps.length);
    }
  });

  it('dates every visit in the past, and leaves a few elders never visited', () => {
    const now = new Date(`${TODAY}T00:00:00+08:00`);
    expect(demo.careVisits.every((v) => v.visitedAt < now)).toBe(true);
    expect(new Set(demo.careVisits.map((v) => v.profileId)).size).toBeLessThan(demo.profiles.length);
  });

  it('gives the 80+ elder living alone a meal plan, an assessment and a recent visit', () => {
    const profile = demo.profiles.find((p) => p.residentId === DEMO_IDS.elderLivingAlone)!;
    expect(profile).toMatchObject({ id: ELDERLY_CARE_DEMO_IDS.elderLivingAlone, gridId: DEMO_IDS.grid, livingArrangement: 'ALONE' });
    expect(ageOn(profile.birthDate, reference)).toBeGreaterThanOrEqual(80);
    expect(demo.mealPlans.some((p) => p.profileId === profile.id)).toBe(true);
    expect(demo.assessments.some((a) => a.profileId === profile.id)).toBe(true);
    expect(demo.careVisits.some((v) => v.profileId === profile.id)).toBe(true);
  });
});
