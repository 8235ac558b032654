import { stateMachine } from '../../kit/workflow';
import type { AlarmKind, AlarmStatus, EmergencyService } from './enums';

/**
 * An alarm's life: raised by a device (or a person pressing SOS), acknowledged by the grid, a responder dispatched,
 * then resolved or found false. At any open step it may be escalated to the emergency services; the sweep escalates
 * alarms nobody acknowledged in time.
 */
export const alarmWorkflow = stateMachine<AlarmStatus>('An alarm', {
  RAISED: ['ACKNOWLEDGED', 'FALSE_ALARM', 'ESCALATED'],
  ACKNOWLEDGED: ['DISPATCHED', 'FALSE_ALARM', 'ESCALATED'],
  DISPATCHED: ['RESOLVED', 'FALSE_ALARM', 'ESCALATED'],
  RESOLVED: [],
  FALSE_ALARM: [],
  ESCALATED: [],
});

export const OPEN_ALARM_STATUSES = ['RAISED', 'ACKNOWLEDGED', 'DISPATCHED'] as const satisfies readonly AlarmStatus[];

/** Who the sweep calls when nobody answered: fire for smoke and gas, an ambulance for an elder's SOS. */
export const SERVICE_FOR_KIND: Record<AlarmKind, EmergencyService> = {
  SOS: 'AMBULANCE_120',
  SMOKE: 'FIRE_119',
  GAS: 'FIRE_119',
  DEVICE_OFFLINE: 'POLICE_110',
};

/** Seconds from raising to acknowledging (响应时长); null until acknowledged. */
export const responseSeconds = (alarm: { raisedAt: Date; acknowledgedAt: Date | null }): number | null =>
  alarm.acknowledgedAt ? Math.max(0, Math.round((alarm.acknowledgedAt.getTime() - alarm.raisedAt.getTime()) / 1000)) : null;
