/**
 * Facts several subgraphs must agree on, decided once from the district's places and people: which homes have a
 * smoke alarm and an SOS button (safety; elderly care knows them as elders living alone), and which buildings of the
 * big compound got a lift added (housing; community counts their floors and households).
 */
import { ageOn } from '../kit/dates';
import { idMaker } from './counting';
import { DEMO_REFERENCE_DATE, SHARED_FIGURES } from './figures';
import { fractionOf } from './random';
import type { DemoBuilding, DemoElevatorRetrofit, DemoResident, DemoSafetyDevice, SafetyDeviceKind } from './records';

/** Fitted together in each home, smoke alarm first. */
const DEVICE_KINDS: readonly SafetyDeviceKind[] = ['SMOKE_ALARM', 'SOS_BUTTON'];

/**
 * The homes of elders living alone, the most at risk first: the pinned elder's, then those without kin, then those
 * of 80 and over, each group in a fixed order of its own (by id, so the choice does not shift the seeded sequence).
 */
export function fitSafetyDevices(residents: readonly DemoResident[], pinnedHousehold: string): DemoSafetyDevice[] {
  const reference = new Date(`${DEMO_REFERENCE_DATE}T00:00:00Z`);
  const risk = (elder: DemoResident) =>
    elder.householdId === pinnedHousehold
      ? -1
      : (elder.tags.includes('NO_KIN') ? 0 : 2) + (ageOn(elder.birthDate, reference) >= 80 ? 0 : 1) + fractionOf(elder.householdId);
  const homes = residents
    .filter((r) => r.tags.includes('LIVES_ALONE'))
    .map((elder) => ({ householdId: elder.householdId, risk: risk(elder) }))
    .sort((a, b) => a.risk - b.risk)
    .slice(0, SHARED_FIGURES.homesWithSafetyDevices);
  const deviceId = idMaker('device', 3, homes.length * DEVICE_KINDS.length);
  return homes.flatMap(({ householdId }, h) =>
    DEVICE_KINDS.map((kind, k) => ({ id: deviceId(h * DEVICE_KINDS.length + k + 1), householdId, kind })),
  );
}

/**
 * The big compound's elevator retrofits, on the buildings the reports number (2, 8 and 31), the last one still ahead.
 * Only a walk-up gets a lift added: where the compound has no walk-up of that number (another seed, a smaller
 * scale), the walk-up nearest in number stands in, so the district always tells the same story when it can.
 */
export function planElevatorRetrofits(buildings: readonly DemoBuilding[], bigCompound: string): DemoElevatorRetrofit[] {
  const walkUps = buildings.filter((b) => b.compoundId === bigCompound && !b.hasElevator);
  const retrofitId = idMaker('elevator-retrofit', 1, SHARED_FIGURES.elevatorRetrofitBuildings.length);
  const retrofits: DemoElevatorRetrofit[] = [];
  for (const wanted of SHARED_FIGURES.elevatorRetrofitBuildings) {
    const distance = (b: DemoBuilding) => Math.abs(Number(b.number) - wanted);
    const free = walkUps.filter((b) => !retrofits.some((r) => r.buildingId === b.id));
    const nearest = free.sort((a, b) => distance(a) - distance(b) || Number(a.number) - Number(b.number))[0];
    if (!nearest) break;
    const ordinal = retrofits.length + 1;
    retrofits.push({ id: retrofitId(ordinal), buildingId: nearest.id, ordinal, inService: ordinal <= SHARED_FIGURES.elevatorsInService });
  }
  return retrofits;
}
