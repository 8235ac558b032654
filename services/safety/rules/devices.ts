import type { DeviceStatus } from './enums';

/**
 * A device's status from what it last reported: OFFLINE when silent past the interval (or never heard from), FAULT
 * when it reported a fault, LOW_BATTERY under the threshold, ONLINE otherwise.
 */
export function deviceStatus(
  device: { lastHeartbeatAt: Date | null; batteryPercent: number | null; hasFault: boolean },
  rules: { offlineAfterMs: number; lowBatteryPercent: number },
  now: Date = new Date(),
): DeviceStatus {
  if (!device.lastHeartbeatAt || now.getTime() - device.lastHeartbeatAt.getTime() > rules.offlineAfterMs) return 'OFFLINE';
  if (device.hasFault) return 'FAULT';
  if (device.batteryPercent !== null && device.batteryPercent < rules.lowBatteryPercent) return 'LOW_BATTERY';
  return 'ONLINE';
}
