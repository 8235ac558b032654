/**
 * The consent rule for an elevator retrofit (Civil Code art. 278; adding a lift is "rebuilding", item 7), computed
 * on integers only: areas in hundredths of a m², counts of households, thresholds by cross-multiplication. No
 * floating point comes near a threshold, so 2/3 is 2/3 and 0.01 m² short is short.
 */

/** What the tally needs, by household: floor area in hundredths of a m² (an integer) and the vote, if any. */
export interface ConsentCounts {
  eligibleHouseholds: number;
  /** Hundredths of a m². */
  eligibleArea: bigint;
  participatingHouseholds: number;
  participatingArea: bigint;
  agreeingHouseholds: number;
  agreeingArea: bigint;
}

/** An exact fraction, e.g. the participating area over the eligible area. */
export interface Fraction {
  numerator: bigint;
  denominator: bigint;
}

/** `a/b ≥ p/q` exactly (b, q > 0): a·q ≥ p·b. A share of nothing (b = 0) reaches no threshold. */
const atLeast = (share: Fraction, p: bigint, q: bigint) => share.denominator > 0n && share.numerator * q >= p * share.denominator;

export interface ConsentShares {
  participatingArea: Fraction;
  participatingHouseholds: Fraction;
  agreeingArea: Fraction;
  agreeingHouseholds: Fraction;
}

/** The four shares the rule tests: participation over the roll, agreement over the participants. */
export function sharesOf(c: ConsentCounts): ConsentShares {
  return {
    participatingArea: { numerator: c.participatingArea, denominator: c.eligibleArea },
    participatingHouseholds: { numerator: BigInt(c.participatingHouseholds), denominator: BigInt(c.eligibleHouseholds) },
    agreeingArea: { numerator: c.agreeingArea, denominator: c.participatingArea },
    agreeingHouseholds: { numerator: BigInt(c.agreeingHouseholds), denominator: BigInt(c.participatingHouseholds) },
  };
}

/**
 * Quorum: the participating households hold ≥ 2/3 of the floor area AND are ≥ 2/3 of the households. Approval: the
 * quorum is met, and ≥ 3/4 of the participating area AND ≥ 3/4 of the participating households agree.
 */
export function decideConsent(c: ConsentCounts): { quorumMet: boolean; approved: boolean } {
  const s = sharesOf(c);
  const quorumMet = atLeast(s.participatingArea, 2n, 3n) && atLeast(s.participatingHouseholds, 2n, 3n);
  const approved = quorumMet && atLeast(s.agreeingArea, 3n, 4n) && atLeast(s.agreeingHouseholds, 3n, 4n);
  return { quorumMet, approved };
}

/** The smaller of two fractions, exactly (the binding one of the two conditions); 0/0 counts as nothing. */
export function smallerOf(a: Fraction, b: Fraction): Fraction {
  if (a.denominator === 0n) return a;
  if (b.denominator === 0n) return b;
  return a.numerator * b.denominator <= b.numerator * a.denominator ? a : b;
}

export const SHARE_DECIMALS = 4;

/**
 * A fraction as a decimal string rounded DOWN to SHARE_DECIMALS places, for display: "0.6666" for 2/3. Rounding down
 * never shows a share as reaching a threshold it misses; the decisions themselves use the exact fraction.
 */
export function shareDecimal({ numerator, denominator }: Fraction, places = SHARE_DECIMALS): string {
  if (denominator === 0n) return '0';
  const scale = 10n ** BigInt(places);
  const scaled = (numerator * scale) / denominator;
  const whole = scaled / scale;
  const fraction = (scaled % scale).toString().padStart(places, '0');
  return `${whole}.${fraction}`;
}

/** Hundredths of a m² as a decimal string, e.g. 8550n → "85.50". */
export function areaText(hundredths: bigint): string {
  const sign = hundredths < 0n ? '-' : '';
  const abs = hundredths < 0n ? -hundredths : hundredths;
  return `${sign}${abs / 100n}.${(abs % 100n).toString().padStart(2, '0')}`;
}

const AREA = /^(\d{1,9})(?:\.(\d{1,2}))?$/;

/**
 * A floor area (m², as text or as the number community serialises) in hundredths of a m², exactly; undefined when it
 * is not a positive area with at most two decimals (a property certificate's precision).
 */
export function areaHundredths(value: string | number): bigint | undefined {
  const match = AREA.exec(typeof value === 'number' ? String(value) : value.trim());
  if (!match) return undefined;
  const hundredths = BigInt(match[1]!) * 100n + BigInt((match[2] ?? '').padEnd(2, '0'));
  return hundredths > 0n ? hundredths : undefined;
}
