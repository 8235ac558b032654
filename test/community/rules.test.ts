import { idNumberCheckCharacter, isValidIdNumber } from '../../services/domain/id-number';
import { isPossibleBirthDate, maskIdNumber, maskPhone } from '../../services/community/rules/resident';
import { validIdNumber } from '../support/factories';

describe('resident ID numbers (GB 11643)', () => {
  it('computes the check character over the weighted first 17 digits, X standing for 10', () => {
    // The standard's own example number.
    expect(idNumberCheckCharacter('11010519491231002')).toBe('X');
    expect(isValidIdNumber('11010519491231002X', '1949-12-31')).toBe(true);
  });

  it('accepts a well-formed number that encodes the birth date', () => {
    expect(isValidIdNumber(validIdNumber('1950-03-07', 2), '1950-03-07')).toBe(true);
  });

  it.each([
    ['a wrong check character', (n: string) => n.slice(0, 17) + (n[17] === '0' ? '1' : '0'), '1950-03-07'],
    ['another birth date', (n: string) => n, '1951-03-07'],
    ['17 characters', (n: string) => n.slice(0, 17), '1950-03-07'],
    ['a letter other than X', (n: string) => n.slice(0, 17) + 'Z', '1950-03-07'],
    ['a lower-case x', (n: string) => n.slice(0, 17) + 'x', '1950-03-07'],
  ])('refuses %s', (_, change, birthDate) => {
    expect(isValidIdNumber(change(validIdNumber('1950-03-07', 2)), birthDate)).toBe(false);
  });
});

describe('masks and dates', () => {
  it('masks phones (last four kept) and ID numbers (first and last characters kept: never the birth date or the sequence)', () => {
    expect(maskPhone('13812345678')).toBe('138****5678');
    expect(maskIdNumber('11010519491231002X')).toBe('1****************X');
  });

  it('accepts birth dates up to today, not after', () => {
    expect(isPossibleBirthDate('2026-03-01', '2026-03-01')).toBe(true);
    expect(isPossibleBirthDate('2026-03-02', '2026-03-01')).toBe(false);
  });
});
