import { alarmWorkflow, responseSeconds } from '../../services/safety/rules/alarms';
import { deviceStatus } from '../../services/safety/rules/devices';
import { drillIntervalMonths, nextDrillDue } from '../../services/safety/rules/drills';
import { endOfDay, hazardDates, localDayOf } from '../../services/safety/rules/hazards';
import { parseSafetySettings } from '../../services/safety/settings';
import { ConfigError } from '../../services/kit/config';

const defaults = parseSafetySettings({});

describe('hazard dates in working days', () => {
  it('crosses a weekend: inspected on a Thursday, the notice is due the Tuesday after', () => {
    expect(hazardDates('2026-05-07', { remedy: 'DEADLINE', rectifyBy: '2026-05-15' }, defaults)).toEqual({
      noticeDueOn: '2026-05-12',
      rectifyBy: '2026-05-15',
      reinspectionDueOn: '2026-05-20',
    });
  });

  it('crosses a holiday from the configured list, and counts a make-up working Saturday', () => {
    // The 2026 Dragon Boat holiday (端午节) falls on Friday 19 June.
    const rules = parseSafetySettings({ SAFETY_HOLIDAYS: '2026-06-19', SAFETY_MAKE_UP_WORKDAYS: '2026-06-27' });
    expect(hazardDates('2026-06-17', { remedy: 'DEADLINE', rectifyBy: '2026-06-24' }, rules)).toEqual({
      // Wed 17 → Thu 18, (Fri 19 off, weekend), Mon 22, Tue 23.
      noticeDueOn: '2026-06-23',
      rectifyBy: '2026-06-24',
      // Wed 24 → Thu 25, Fri 26, and the make-up Saturday 27.
      reinspectionDueOn: '2026-06-27',
    });
    expect(hazardDates('2026-06-17', { remedy: 'DEADLINE', rectifyBy: '2026-06-24' }, defaults).noticeDueOn).toBe('2026-06-22');
  });

  it('puts an on-the-spot remedy right on the inspection day, with no notice', () => {
    expect(hazardDates('2026-05-08', { remedy: 'IMMEDIATE' }, defaults)).toEqual({ noticeDueOn: null, rectifyBy: '2026-05-08', reinspectionDueOn: '2026-05-13' });
  });

  it('ends a day at midnight China Standard Time', () => {
    expect(endOfDay('2026-05-08').toISOString()).toBe('2026-05-08T16:00:00.000Z');
    expect(localDayOf(new Date('2026-05-08T16:30:00Z'))).toBe('2026-05-09');
  });
});

describe('device status from the last heartbeat', () => {
  const now = new Date('2026-05-08T12:00:00Z');
  const rules = { offlineAfterMs: 3_600_000, lowBatteryPercent: 20 };
  it('is OFFLINE when silent past the interval or never heard from, FAULT, LOW_BATTERY or ONLINE otherwise', () => {
    const heard = (minutesAgo: number) => new Date(now.getTime() - minutesAgo * 60_000);
    expect(deviceStatus({ lastHeartbeatAt: null, batteryPercent: null, hasFault: false }, rules, now)).toBe('OFFLINE');
    expect(deviceStatus({ lastHeartbeatAt: heard(61), batteryPercent: 90, hasFault: true }, rules, now)).toBe('OFFLINE');
    expect(deviceStatus({ lastHeartbeatAt: heard(59), batteryPercent: 90, hasFault: true }, rules, now)).toBe('FAULT');
    expect(deviceStatus({ lastHeartbeatAt: heard(59), batteryPercent: 19, hasFault: false }, rules, now)).toBe('LOW_BATTERY');
    expect(deviceStatus({ lastHeartbeatAt: heard(59), batteryPercent: 20, hasFault: false }, rules, now)).toBe('ONLINE');
  });
});

describe('the alarm workflow', () => {
  it('allows the documented moves only', () => {
    expect(alarmWorkflow.allowed('RAISED')).toEqual(['ACKNOWLEDGED', 'FALSE_ALARM', 'ESCALATED']);
    expect(alarmWorkflow.allowed('DISPATCHED')).toEqual(['RESOLVED', 'FALSE_ALARM', 'ESCALATED']);
    expect(() => alarmWorkflow.assertMove('RAISED', 'DISPATCHED')).toThrow('An alarm that is RAISED can only move to ACKNOWLEDGED or FALSE_ALARM or ESCALATED, not DISPATCHED.');
    expect(() => alarmWorkflow.assertMove('ESCALATED', 'RESOLVED')).toThrow(/final/);
  });

  it('derives the response seconds from raising to acknowledging', () => {
    const raisedAt = new Date('2026-05-08T12:00:00Z');
    expect(responseSeconds({ raisedAt, acknowledgedAt: null })).toBeNull();
    expect(responseSeconds({ raisedAt, acknowledgedAt: new Date('2026-05-08T12:01:35.400Z') })).toBe(95);
  });
});

describe('drills', () => {
  it('are due 6 months after the last for key units, a year for others, at once when never held', () => {
    const rules = { keyUnitMonths: 6, otherMonths: 12 };
    expect(drillIntervalMonths({ isKeyUnit: true }, rules)).toBe(6);
    expect(nextDrillDue(new Date('2026-04-22T01:30:00Z'), 6).toISOString()).toBe('2026-10-22T01:30:00.000Z');
    expect(nextDrillDue(new Date('2026-04-22T01:30:00Z'), drillIntervalMonths({ isKeyUnit: false }, rules)).toISOString()).toBe('2027-04-22T01:30:00.000Z');
    const today = new Date('2026-05-08T00:00:00Z');
    expect(nextDrillDue(null, 6, today)).toBe(today);
  });
});

describe('settings', () => {
  it('reads the local rules, with defaults', () => {
    expect(defaults).toMatchObject({ acknowledgeWithinMs: 300_000, noticeWorkingDays: 3, reinspectionWorkingDays: 3, holidays: [], keyUnitDrillMonths: 6, otherDrillMonths: 12 });
    expect(parseSafetySettings({ SAFETY_ACK_TIMEOUT_SECONDS: '120', SAFETY_HOLIDAYS: '2026-10-01, 2026-10-02' })).toMatchObject({
      acknowledgeWithinMs: 120_000,
      holidays: ['2026-10-01', '2026-10-02'],
    });
  });

  it('refuses bad values with the variable named', () => {
    expect(() => parseSafetySettings({ SAFETY_HOLIDAYS: '2026-02-30' })).toThrow(ConfigError);
    expect(() => parseSafetySettings({ SAFETY_ACK_TIMEOUT_SECONDS: '-1' })).toThrow(/SAFETY_ACK_TIMEOUT_SECONDS/);
    expect(() => parseSafetySettings({ SAFETY_NOTICE_WORKING_DAYS: '2.5' })).toThrow(/whole number/);
  });
});
