/**
 * Who pays what for an added lift (local rule, docs/domain-rules.md housing): share = floorCoefficient × area × unitCost, with
 * unitCost = (total − subsidy) / Σ(coefficient × area). Floors 1–2 pay nothing (coefficient 0 in the table). All on
 * integers: coefficients in thousandths, areas in hundredths of a m², money in cents.
 */

/** Coefficient per floor, in thousandths (0.7 → 700), for floors 1..N; floors above N take floor N's. */
export type FloorCoefficients = readonly number[];

/** The example coefficients of docs/domain-rules.md: floors 1–2 pay 0, 3F 0.7, 4F 0.8, 5F 0.9, 6F 1.0, 7F 1.1. */
export const DEFAULT_FLOOR_COEFFICIENTS_TEXT = '1=0,2=0,3=0.7,4=0.8,5=0.9,6=1.0,7=1.1';

const COEFFICIENT = /^(\d{1,2})(?:\.(\d{1,3}))?$/;

/** "1=0,2=0,3=0.7,…": every floor from 1 up to the highest, once; throws an Error saying what is wrong. */
export function parseFloorCoefficients(text: string): FloorCoefficients {
  const byFloor = new Map<number, number>();
  for (const entry of text.split(',').map((e) => e.trim()).filter(Boolean)) {
    const [floorText, valueText] = entry.split('=').map((s) => s?.trim() ?? '');
    const floor = Number(floorText);
    const match = COEFFICIENT.exec(valueText ?? '');
    if (!Number.isInteger(floor) || floor < 1 || !match) throw new Error(`"${entry}" is not <floor>=<coefficient>, e.g. 3=0.7`);
    if (byFloor.has(floor)) throw new Error(`floor ${floor} is listed twice`);
    byFloor.set(floor, Number(match[1]) * 1000 + Number((match[2] ?? '').padEnd(3, '0')));
  }
  const highest = Math.max(0, ...byFloor.keys());
  if (highest === 0) throw new Error('no floor is listed');
  const coefficients: number[] = [];
  for (let floor = 1; floor <= highest; floor++) {
    const value = byFloor.get(floor);
    if (value === undefined) throw new Error(`floor ${floor} is missing: list every floor from 1 to ${highest}`);
    coefficients.push(value);
  }
  return coefficients;
}

export const coefficientOf = (coefficients: FloorCoefficients, floor: number): number =>
  floor < 1 ? 0 : coefficients[Math.min(floor, coefficients.length) - 1]!;

/** Thousandths as a decimal string: 700 → "0.700". */
export const coefficientText = (thousandths: number) => `${Math.floor(thousandths / 1000)}.${String(thousandths % 1000).padStart(3, '0')}`;

export interface ShareHousehold {
  householdId: string;
  floor: number;
  /** Hundredths of a m². */
  area: bigint;
}

export interface CostShare extends ShareHousehold {
  /** Thousandths. */
  coefficient: number;
  shareCents: number;
}

/**
 * Splits what the residents pay (total − subsidy, never below 0) over the households by coefficient × area, to the
 * cent, summing EXACTLY to that amount. Largest-remainder method (Hamilton): each household first gets its exact
 * share rounded down; the cents left over (fewer than the number of paying households) go one each to the households
 * with the largest remainders, ties to the lower household id, so the split is deterministic. When nobody pays
 * (every household on floors with coefficient 0), every share is 0.
 */
export function splitCost(households: readonly ShareHousehold[], totalCents: number, subsidyCents: number, coefficients: FloorCoefficients): CostShare[] {
  const payable = BigInt(Math.max(totalCents - subsidyCents, 0));
  const weighted = households.map((h) => {
    const coefficient = coefficientOf(coefficients, h.floor);
    return { ...h, coefficient, weight: BigInt(coefficient) * h.area };
  });
  const totalWeight = weighted.reduce((sum, h) => sum + h.weight, 0n);
  if (totalWeight === 0n) return weighted.map(({ weight: _w, ...h }) => ({ ...h, shareCents: 0 }));
  const exact = weighted.map((h) => ({ h, floor: (payable * h.weight) / totalWeight, remainder: (payable * h.weight) % totalWeight }));
  let leftover = payable - exact.reduce((sum, e) => sum + e.floor, 0n);
  const byRemainder = [...exact].sort((a, b) =>
    a.remainder === b.remainder ? (a.h.householdId < b.h.householdId ? -1 : a.h.householdId > b.h.householdId ? 1 : 0) : a.remainder > b.remainder ? -1 : 1,
  );
  for (const e of byRemainder) {
    if (leftover === 0n) break;
    e.floor += 1n;
    leftover -= 1n;
  }
  return exact.map(({ h: { weight: _w, ...h }, floor }) => ({ ...h, shareCents: Number(floor) }));
}
