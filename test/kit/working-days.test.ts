import { addWorkingDays, isWorkingDay } from '../../services/kit/working-days';

// 2026-05-01 is a Friday.
describe('working days', () => {
  it('skips a weekend', () => {
    expect(addWorkingDays('2026-05-01', 1)).toBe('2026-05-04');
    expect(addWorkingDays('2026-05-01', 3)).toBe('2026-05-06');
    expect(addWorkingDays('2026-04-29', 3)).toBe('2026-05-04');
  });

  it('starts counting the day after, and counts from a weekend day to the next working days', () => {
    expect(addWorkingDays('2026-05-04', 0)).toBe('2026-05-04');
    expect(addWorkingDays('2026-05-02', 1)).toBe('2026-05-04');
    expect(addWorkingDays('2026-05-03', 3)).toBe('2026-05-06');
  });

  it('skips the holidays named, and counts the make-up days named', () => {
    const holidays = ['2026-05-04', '2026-05-05'];
    expect(addWorkingDays('2026-05-01', 3, holidays)).toBe('2026-05-08');
    expect(addWorkingDays('2026-05-01', 3, holidays, ['2026-05-09'])).toBe('2026-05-08');
    expect(addWorkingDays('2026-05-07', 2, holidays, ['2026-05-09'])).toBe('2026-05-09');
    expect(isWorkingDay('2026-05-09', { makeUpDays: ['2026-05-09'] })).toBe(true);
    expect(isWorkingDay('2026-05-04', { holidays })).toBe(false);
    expect(isWorkingDay('2026-05-06', { holidays })).toBe(true);
  });

  it('crosses month and year ends', () => {
    expect(addWorkingDays('2026-12-31', 1, ['2027-01-01'])).toBe('2027-01-04');
  });

  it('refuses what is not a date or a count', () => {
    expect(() => addWorkingDays('2026-02-30', 1)).toThrow(RangeError);
    expect(() => addWorkingDays('2026-05-01', -1)).toThrow(RangeError);
    expect(() => addWorkingDays('2026-05-01', 1.5)).toThrow(RangeError);
  });
});
