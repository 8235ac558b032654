/** The safety subgraph's enum values (docs/domain-rules.md, safety): one array each, shared by tables and the schema. */

export const DEVICE_KINDS = ['SMOKE_ALARM', 'SOS_BUTTON', 'GAS_DETECTOR', 'DOOR_SENSOR'] as const;
export type DeviceKind = (typeof DEVICE_KINDS)[number];

/** A device's status: derived from its last heartbeat, never stored (see rules/devices.ts). */
export const DEVICE_STATUSES = ['ONLINE', 'OFFLINE', 'LOW_BATTERY', 'FAULT'] as const;
export type DeviceStatus = (typeof DEVICE_STATUSES)[number];

export const ALARM_KINDS = ['SOS', 'SMOKE', 'GAS', 'DEVICE_OFFLINE'] as const;
export type AlarmKind = (typeof ALARM_KINDS)[number];

export const ALARM_STATUSES = ['RAISED', 'ACKNOWLEDGED', 'DISPATCHED', 'RESOLVED', 'FALSE_ALARM', 'ESCALATED'] as const;
export type AlarmStatus = (typeof ALARM_STATUSES)[number];

/** The emergency services an alarm escalates to. */
export const EMERGENCY_SERVICES = ['FIRE_119', 'AMBULANCE_120', 'POLICE_110'] as const;
export type EmergencyService = (typeof EMERGENCY_SERVICES)[number];

export const SITE_KINDS = ['MARKET', 'BUILDING', 'SHOP', 'KINDERGARTEN'] as const;
export type SiteKind = (typeof SITE_KINDS)[number];

export const HAZARD_TYPES = [
  'FIRE_LANE_BLOCKED',
  'EVACUATION_BLOCKED',
  'COMBUSTIBLE_SANDWICH_PANEL',
  'ELECTRICAL_OVERLOAD',
  'ILLEGAL_WIRING',
  'EBIKE_INDOOR_CHARGING',
  'FACILITY_MISSING',
  'OTHER',
] as const;
export type HazardType = (typeof HAZARD_TYPES)[number];

export const HAZARD_SEVERITIES = ['GENERAL', 'MAJOR'] as const;
export type HazardSeverity = (typeof HAZARD_SEVERITIES)[number];

export const HAZARD_REMEDIES = ['IMMEDIATE', 'DEADLINE'] as const;
export type HazardRemedy = (typeof HAZARD_REMEDIES)[number];
