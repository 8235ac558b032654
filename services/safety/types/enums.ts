import { CASE_SOURCE_DESCRIPTIONS, CASE_SOURCES, CASE_STATUSES, CASE_TIER_DESCRIPTIONS, CASE_TIERS } from '../../kit/cases';
import { graphqlEnum } from '../../kit/enums';
import {
  ALARM_KINDS,
  ALARM_STATUSES,
  DEVICE_KINDS,
  DEVICE_STATUSES,
  EMERGENCY_SERVICES,
  HAZARD_REMEDIES,
  HAZARD_SEVERITIES,
  HAZARD_TYPES,
  SITE_KINDS,
} from '../rules/enums';

const GROW = 'New values may be added.';

export const SafetyDeviceKind = graphqlEnum('SafetyDeviceKind', `What a home safety device is (智能安防设备类型). ${GROW}`, DEVICE_KINDS, {
  SMOKE_ALARM: 'Networked smoke alarm (独立式烟感报警器).',
  SOS_BUTTON: 'One-press emergency call button (一键呼叫).',
  GAS_DETECTOR: 'Combustible gas detector (燃气报警器).',
  DOOR_SENSOR: 'Door sensor (门磁), e.g. for an elder not seen leaving home.',
});

export const SafetyDeviceCondition = graphqlEnum('SafetyDeviceCondition', `A device's condition from its last heartbeat (设备状态): a reading, not a workflow. ${GROW}`, DEVICE_STATUSES, {
  ONLINE: 'Reporting on time, battery sufficient.',
  OFFLINE: 'Silent past the allowed interval, or never heard from (离线).',
  LOW_BATTERY: 'Reporting, but its battery is below the threshold (低电量).',
  FAULT: 'Reporting a fault of its own (故障).',
});

export const AlarmKind = graphqlEnum('AlarmKind', `What set an alarm off (报警类型). ${GROW}`, ALARM_KINDS, {
  SOS: 'Someone pressed the emergency call button (一键呼叫求助).',
  SMOKE: 'Smoke detected (烟雾报警).',
  GAS: 'Combustible gas detected (燃气泄漏).',
  DEVICE_OFFLINE: 'A device went silent (设备离线).',
});

export const AlarmStatus = graphqlEnum(
  'AlarmStatus',
  `Where an alarm stands (报警处置状态): RAISED → ACKNOWLEDGED → DISPATCHED → RESOLVED, or FALSE_ALARM or ESCALATED from any open state. ${GROW}`,
  ALARM_STATUSES,
  {
    RAISED: 'Raised, nobody has answered yet (已报警).',
    ACKNOWLEDGED: 'The grid answered (已响应).',
    DISPATCHED: 'A responder of the grid is on the way (已派员).',
    RESOLVED: 'Handled on site (已处置). Final.',
    FALSE_ALARM: 'Nothing was wrong (误报). Final.',
    ESCALATED: 'Handed to the emergency services 119/120/110 (已升级). Final.',
  },
);

export const EmergencyService = graphqlEnum('EmergencyService', `The emergency service an alarm is escalated to (应急联动). ${GROW}`, EMERGENCY_SERVICES, {
  FIRE_119: 'Fire and rescue (119).',
  AMBULANCE_120: 'Emergency medical service (120).',
  POLICE_110: 'Police (110).',
});

export const SiteKind = graphqlEnum('SiteKind', `What kind of place a site is (场所类型). ${GROW}`, SITE_KINDS, {
  MARKET: 'A market (市场), e.g. a wholesale market.',
  BUILDING: 'A residential building (居民楼).',
  SHOP: 'A shop or small business (九小场所).',
  KINDERGARTEN: 'A kindergarten (幼儿园).',
});

export const HazardType = graphqlEnum('HazardType', `What is wrong (火灾隐患类型). ${GROW}`, HAZARD_TYPES, {
  FIRE_LANE_BLOCKED: 'Fire lane narrow or blocked (消防通道狭窄/占用).',
  EVACUATION_BLOCKED: 'Evacuation route or exit blocked (疏散通道堵塞).',
  COMBUSTIBLE_SANDWICH_PANEL: 'Combustible foam sandwich panels (泡沫夹芯板).',
  ELECTRICAL_OVERLOAD: 'Electrical load too heavy for the installation (用电负荷大).',
  ILLEGAL_WIRING: 'Wiring put in without permission or standard (私拉乱接).',
  EBIKE_INDOOR_CHARGING: 'E-bikes charged indoors or in corridors (电瓶车入户充电).',
  FACILITY_MISSING: 'Fire facilities missing or broken (消防设施缺失).',
  OTHER: 'Anything else, described in words.',
});

export const HazardSeverity = graphqlEnum('HazardSeverity', `How serious a hazard is (隐患等级). ${GROW}`, HAZARD_SEVERITIES, {
  GENERAL: 'General hazard (一般隐患).',
  MAJOR: 'Major hazard (重大隐患).',
});

export const HazardRemedy = graphqlEnum('HazardRemedy', `How a hazard is to be put right (整改方式). ${GROW}`, HAZARD_REMEDIES, {
  IMMEDIATE: 'Put right on the spot (当场整改).',
  DEADLINE: 'Put right by a deadline, after a deadline notice (限期整改).',
});

export const HazardStatus = graphqlEnum(
  'HazardStatus',
  `Where a hazard stands in the case workflow of digital city management (案件状态, GB/T 30428). ${GROW}`,
  CASE_STATUSES,
  {
    REPORTED: 'Found and reported (上报).',
    ACCEPTED: 'Accepted by the centre (受理).',
    FILED: 'Filed as a case (立案).',
    VOIDED: 'Not filed (不予立案). Final.',
    DISPATCHED: 'Sent to whoever must put it right (派遣).',
    PROCESSING: 'Being put right (处置).',
    PROCESSED: 'Reported as put right (反馈).',
    VERIFYING: 'Being re-inspected (核查).',
    CLOSED: 'Verified and closed (结案). Final.',
    REWORK: 'Not put right: sent back (返工).',
  },
);

export const HazardTier = graphqlEnum('HazardTier', `Who handles a hazard (处置层级); it rises when overdue. ${GROW}`, CASE_TIERS, CASE_TIER_DESCRIPTIONS);

export const HazardSource = graphqlEnum('HazardSource', `Where a hazard report came from (案件来源). ${GROW}`, CASE_SOURCES, CASE_SOURCE_DESCRIPTIONS);
