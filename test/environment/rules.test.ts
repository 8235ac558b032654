import { ConfigError } from '../../services/kit/config';
import { placeOf } from '../../services/environment/issues';
import { serviceOf, serviceRequestOf } from '../../services/environment/open311';
import { DEFAULT_DEADLINE_HOURS, deadlineOf, parseDeadlineHours, parseEnvironmentSettings } from '../../services/environment/settings';
import type { EnvironmentIssueRow } from '../../services/environment/tables';
import { CASE_STATUSES } from '../../services/kit/cases';

describe('environment settings (local rules)', () => {
  it('takes the default deadlines and sweep interval when unset', () => {
    expect(parseEnvironmentSettings({})).toEqual({ deadlineHours: DEFAULT_DEADLINE_HOURS, sweepIntervalMs: 60_000 });
  });

  it('overrides the deadline of the categories named', () => {
    expect(parseDeadlineHours(' SEWAGE_OUTFALL=12, NOISE = 24 ')).toEqual({ ...DEFAULT_DEADLINE_HOURS, SEWAGE_OUTFALL: 12, NOISE: 24 });
    const settings = parseEnvironmentSettings({ ENVIRONMENT_ISSUE_DEADLINE_HOURS: 'NOISE=2' });
    expect(deadlineOf(settings, 'NOISE', new Date('2026-01-01T00:00:00Z'))).toEqual(new Date('2026-01-01T02:00:00Z'));
  });

  it('refuses a bad value in one line naming the variable', () => {
    expect(() => parseDeadlineHours('WHALES=3')).toThrow(new ConfigError('ENVIRONMENT_ISSUE_DEADLINE_HOURS: "WHALES=3" names no category (one of FLOATING_DEBRIS, GARBAGE_PILE, SEWAGE_OUTFALL, BLACK_ODOROUS_WATER, ILLEGAL_DUMPING, ILLEGAL_CONSTRUCTION, NOISE, OTHER)'));
    expect(() => parseDeadlineHours('NOISE=0')).toThrow(/whole hours from 1/);
    expect(() => parseDeadlineHours('NOISE=1.5')).toThrow(ConfigError);
    expect(() => parseEnvironmentSettings({ ENVIRONMENT_SWEEP_INTERVAL_MS: 'often' })).toThrow(/ENVIRONMENT_SWEEP_INTERVAL_MS must be whole milliseconds/);
    expect(() => parseEnvironmentSettings({ ENVIRONMENT_SWEEP_INTERVAL_MS: '10' })).toThrow(ConfigError);
  });
});

describe('where an issue is', () => {
  it('takes the address, else the coordinates, else the fallback', () => {
    expect(placeOf({ address: ' 北门 ' })).toEqual({ address: '北门', latitude: null, longitude: null });
    expect(placeOf({ latitude: 30.1, longitude: 120.2 })).toEqual({ address: '30.1, 120.2', latitude: 30.1, longitude: 120.2 });
    expect(placeOf({}, { fallback: '清河·柳塘段' })).toMatchObject({ address: '清河·柳塘段' });
  });

  it('refuses half coordinates and no place, on the field at fault', () => {
    expect(() => placeOf({ latitude: 30, address: 'x' }, { field: 'findings[2]' })).toThrow(expect.objectContaining({ extensions: expect.objectContaining({ code: 'BAD_USER_INPUT', field: 'findings[2].latitude' }) }));
    expect(() => placeOf({})).toThrow(expect.objectContaining({ extensions: expect.objectContaining({ field: 'address' }) }));
  });
});

describe('the Open311 view of an issue', () => {
  const issue = (status: EnvironmentIssueRow['status']): EnvironmentIssueRow => ({
    id: 'i-1',
    status,
    tier: 'COMMUNITY',
    source: 'RESIDENT',
    deadline: new Date('2026-12-01T00:00:00Z'),
    version: 3,
    reportedAt: new Date('2026-11-29T00:00:00Z'),
    updatedAt: new Date('2026-11-30T00:00:00Z'),
    category: 'GARBAGE_PILE',
    description: '垃圾',
    address: '北门',
    latitude: 30.1,
    longitude: 120.2,
    gridId: 'grid-9',
    photoUrls: ['https://img.example/1.jpg', 'https://img.example/2.jpg'],
    reporterResidentId: 'r-1',
    reporterWorkerId: null,
    reportedBy: 'resident:r-1',
    handlerWorkerId: null,
    patrolId: null,
    segmentId: null,
  });

  it('is closed for CLOSED and VOIDED and open for every other state, the state itself in status_notes', () => {
    for (const status of CASE_STATUSES) {
      const request = serviceRequestOf(issue(status));
      expect(request.status).toBe(status === 'CLOSED' || status === 'VOIDED' ? 'closed' : 'open');
      expect(request.status_notes).toContain(status);
      expect(request.expected_datetime).toBe(request.status === 'open' ? '2026-12-01T00:00:00.000Z' : null);
    }
  });

  it('names the fields as GeoReport v2 does', () => {
    expect(serviceRequestOf(issue('PROCESSING'))).toEqual({
      service_request_id: 'i-1',
      status: 'open',
      status_notes: 'PROCESSING (处置 in progress); tier COMMUNITY',
      service_name: serviceOf('GARBAGE_PILE').service_name,
      service_code: 'GARBAGE_PILE',
      description: '垃圾',
      agency_responsible: 'OneGrid community',
      service_notice: 'To be handled by 2026-12-01T00:00:00.000Z.',
      requested_datetime: '2026-11-29T00:00:00.000Z',
      updated_datetime: '2026-11-30T00:00:00.000Z',
      expected_datetime: '2026-12-01T00:00:00.000Z',
      address: '北门',
      address_id: null,
      zipcode: null,
      lat: 30.1,
      long: 120.2,
      media_url: 'https://img.example/1.jpg',
    });
  });
});
