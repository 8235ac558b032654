import { addDays, ageOn, dayOf } from '../../services/kit/dates';

describe('calendar days', () => {
  it('gives the UTC day of an instant', () => {
    expect(dayOf(new Date('2026-03-01T23:59:59.999Z'))).toBe('2026-03-01');
    expect(dayOf(new Date('2026-03-01T23:30:00-01:00'))).toBe('2026-03-02');
  });

  it('adds days across months and years, and subtracts them', () => {
    expect(addDays('2026-12-30', 3)).toBe('2027-01-02');
    expect(addDays('2026-03-01', -1)).toBe('2026-02-28');
    expect(addDays('2028-03-01', -1)).toBe('2028-02-29');
    expect(addDays('2026-06-15', 0)).toBe('2026-06-15');
  });

  it('counts whole years up to the day before the birthday', () => {
    expect(ageOn('1946-05-04', new Date('2026-05-03T12:00:00Z'))).toBe(79);
    expect(ageOn('1946-05-04', new Date('2026-05-04T00:00:00Z'))).toBe(80);
  });
});
