import { areaHundredths, areaText, decideConsent, shareDecimal, type ConsentCounts } from '../../services/housing/rules/consent';
import { coefficientOf, DEFAULT_FLOOR_COEFFICIENTS_TEXT, parseFloorCoefficients, splitCost, type ShareHousehold } from '../../services/housing/rules/cost-shares';
import { CONSENT_PHASES, renovationWorkflow, retrofitWorkflow } from '../../services/housing/rules/phases';
import { parseHousingSettings } from '../../services/housing/settings';

/** 300 households of 100.00 m² each: the exact thresholds are 200 households / 20,000.00 m² (2/3) and 150 / 15,000.00 m² of those (3/4). */
const AT_THRESHOLDS: ConsentCounts = {
  eligibleHouseholds: 300,
  eligibleArea: 3_000_000n,
  participatingHouseholds: 200,
  participatingArea: 2_000_000n,
  agreeingHouseholds: 150,
  agreeingArea: 1_500_000n,
};

describe('consent rule (Civil Code art. 278), exactly at the thresholds', () => {
  it('meets the quorum at exactly 2/3 of the area and 2/3 of the households, and approves at exactly 3/4 of both', () => {
    expect(decideConsent(AT_THRESHOLDS)).toEqual({ quorumMet: true, approved: true });
  });

  it('misses the quorum one household short of 2/3, the area alone being enough', () => {
    expect(decideConsent({ ...AT_THRESHOLDS, participatingHouseholds: 199 })).toEqual({ quorumMet: false, approved: false });
  });

  it('misses the quorum 0.01 m² short of 2/3 of the area, the households alone being enough', () => {
    expect(decideConsent({ ...AT_THRESHOLDS, participatingArea: 1_999_999n })).toEqual({ quorumMet: false, approved: false });
  });

  it('is not approved one agreeing household short of 3/4 of the participants, the area alone being enough', () => {
    expect(decideConsent({ ...AT_THRESHOLDS, agreeingHouseholds: 149 })).toEqual({ quorumMet: true, approved: false });
  });

  it('is not approved 0.01 m² short of 3/4 of the participating area, the households alone being enough', () => {
    expect(decideConsent({ ...AT_THRESHOLDS, agreeingArea: 1_499_999n })).toEqual({ quorumMet: true, approved: false });
  });

  it('decides areas that do not divide evenly exactly: 2/3 of 12,345.67 m² is reached at 8,230.45 m², not at 8,230.44', () => {
    const odd = { ...AT_THRESHOLDS, eligibleArea: 1_234_567n, agreeingHouseholds: 200 };
    expect(decideConsent({ ...odd, participatingArea: 823_045n, agreeingArea: 823_045n }).quorumMet).toBe(true);
    expect(decideConsent({ ...odd, participatingArea: 823_044n, agreeingArea: 823_044n }).quorumMet).toBe(false);
  });

  it('needs the quorum for approval, however many of the participants agree', () => {
    expect(decideConsent({ ...AT_THRESHOLDS, participatingHouseholds: 10, participatingArea: 100_000n, agreeingHouseholds: 10, agreeingArea: 100_000n })).toEqual({
      quorumMet: false,
      approved: false,
    });
  });

  it('decides nothing for an empty roll or no votes', () => {
    const none = { eligibleHouseholds: 0, eligibleArea: 0n, participatingHouseholds: 0, participatingArea: 0n, agreeingHouseholds: 0, agreeingArea: 0n };
    expect(decideConsent(none)).toEqual({ quorumMet: false, approved: false });
    expect(decideConsent({ ...none, eligibleHouseholds: 3, eligibleArea: 30_000n })).toEqual({ quorumMet: false, approved: false });
  });

  it('shows shares rounded down, so a share just under a threshold never reads as reaching it', () => {
    expect(shareDecimal({ numerator: 2n, denominator: 3n })).toBe('0.6666');
    expect(shareDecimal({ numerator: 3n, denominator: 4n })).toBe('0.7500');
    expect(shareDecimal({ numerator: 1_999_999n, denominator: 3_000_000n })).toBe('0.6666');
    expect(shareDecimal({ numerator: 5n, denominator: 5n })).toBe('1.0000');
    expect(shareDecimal({ numerator: 0n, denominator: 0n })).toBe('0');
  });

  it('reads floor areas exactly in hundredths of a m², refusing what a property certificate would not show', () => {
    expect(areaHundredths('85.5')).toBe(8550n);
    expect(areaHundredths(85.57)).toBe(8557n);
    expect(areaHundredths('120')).toBe(12000n);
    expect(areaHundredths('0.01')).toBe(1n);
    for (const bad of ['85.555', '-3', '0', 'abc', '', '1e3']) expect(areaHundredths(bad)).toBeUndefined();
    expect(areaText(8550n)).toBe('85.50');
    expect(areaText(1n)).toBe('0.01');
  });
});

const household = (householdId: string, floor: number, area: bigint): ShareHousehold => ({ householdId, floor, area });

describe('cost shares (local rule: floor coefficient × area)', () => {
  const coefficients = parseFloorCoefficients(DEFAULT_FLOOR_COEFFICIENTS_TEXT);

  it('reads the default table: floors 1–2 pay 0, 3F 0.7 … 7F 1.1, higher floors as the highest listed', () => {
    expect([1, 2, 3, 4, 5, 6, 7, 9].map((floor) => coefficientOf(coefficients, floor))).toEqual([0, 0, 700, 800, 900, 1000, 1100, 1100]);
  });

  it('sums EXACTLY to what the residents pay, to the cent, over a walk-up of awkward areas', () => {
    const building = Array.from({ length: 24 }, (_, i) => household(`h-${String(i).padStart(2, '0')}`, 1 + (i % 6), 6_537n + BigInt(i * 313)));
    const shares = splitCost(building, 68_000_001, 20_000_000, coefficients);
    expect(shares.reduce((sum, s) => sum + s.shareCents, 0)).toBe(48_000_001);
    for (const share of shares) if (share.floor <= 2) expect(share.shareCents).toBe(0);
    // Each share is its exact share rounded down or up, never further.
    const weight = (s: ShareHousehold) => Number(coefficientOf(coefficients, s.floor)) * Number(s.area);
    const total = building.reduce((sum, h) => sum + weight(h), 0);
    for (const share of shares) expect(Math.abs(share.shareCents - (48_000_001 * weight(share)) / total)).toBeLessThan(1);
  });

  it('settles the leftover cents by the largest remainders, ties to the lower household id', () => {
    const equal = [household('b', 3, 10_000n), household('a', 3, 10_000n), household('c', 3, 10_000n)];
    expect(splitCost(equal, 100, 0, coefficients).map((s) => [s.householdId, s.shareCents])).toEqual([
      ['b', 33],
      ['a', 34],
      ['c', 33],
    ]);
    // 3F (0.7) and 6F (1.0) with the same area: 7/17 and 10/17 of 1,000 cents are 411.76 and 588.23: the 3F household's larger remainder takes the cent.
    expect(splitCost([household('x', 3, 10_000n), household('y', 6, 10_000n)], 1_000, 0, coefficients).map((s) => s.shareCents)).toEqual([412, 588]);
  });

  it('charges nobody when the subsidy covers the cost, or only floors 1–2 are on the roll', () => {
    expect(splitCost([household('a', 5, 9_000n)], 100, 150, coefficients).map((s) => s.shareCents)).toEqual([0]);
    expect(splitCost([household('a', 1, 9_000n), household('b', 2, 9_000n)], 10_000, 0, coefficients).map((s) => s.shareCents)).toEqual([0, 0]);
  });

  it('keeps amounts past 2^31 cents exact', () => {
    const shares = splitCost([household('a', 3, 12_345n), household('b', 7, 54_321n)], 9_000_000_000_003, 0, coefficients);
    expect(shares.reduce((sum, s) => sum + s.shareCents, 0)).toBe(9_000_000_000_003);
  });

  it('parses the coefficients as data, refusing gaps, repeats and bad values with the variable named', () => {
    expect(parseHousingSettings({ HOUSING_FLOOR_COEFFICIENTS: '1=0,2=0,3=0.75,4=1' }).floorCoefficients).toEqual([0, 0, 750, 1000]);
    expect(parseHousingSettings({}).floorCoefficients).toEqual(coefficients);
    for (const bad of ['1=0,3=0.7', '1=0,1=0.5', '1=zero', '0=1', '1=0.1234']) {
      expect(() => parseHousingSettings({ HOUSING_FLOOR_COEFFICIENTS: bad })).toThrow(/^HOUSING_FLOOR_COEFFICIENTS: /);
    }
  });
});

describe('phases', () => {
  it('move a renovation project one phase forward only', () => {
    expect(renovationWorkflow.allowed('SURVEY')).toEqual(['CONSULTATION']);
    expect(() => renovationWorkflow.assertMove('PLAN', 'SURVEY')).toThrow(/can only move to APPROVAL/);
    expect(() => renovationWorkflow.assertMove('PLAN', 'TENDER')).toThrow(/can only move to APPROVAL/);
    expect(renovationWorkflow.allowed('LONG_TERM_MANAGEMENT')).toEqual([]);
  });

  it('let the consent alone decide between PUBLICIZED and REJECTED, both ends final or forward', () => {
    expect(retrofitWorkflow.allowed('CONSENT_COLLECTING')).toEqual(['PUBLICIZED', 'REJECTED']);
    expect(retrofitWorkflow.allowed('REJECTED')).toEqual([]);
    expect(retrofitWorkflow.allowed('IN_SERVICE')).toEqual([]);
    expect(CONSENT_PHASES).toEqual(['CONSENT_COLLECTING', 'PUBLICIZED', 'REJECTED']);
    for (const phase of retrofitWorkflow.states) for (const next of retrofitWorkflow.allowed(phase)) {
      expect(retrofitWorkflow.states.indexOf(next)).toBeGreaterThan(retrofitWorkflow.states.indexOf(phase));
    }
  });
});
