import { DEMO_IDS } from '../../services/demo';
import { tokenFor } from './stack';

/** Tokens safety's tests act as, beside the shared personas. */
export const safetyPersonas = async () => ({
  deviceGateway: await tokenFor({ sub: 'service:device-gateway', roles: ['device_gateway'] }),
  safetyOfficer: await tokenFor({ sub: 'officer:safety', roles: ['safety_officer'] }),
  /** A resident of another household than the pinned elder's. */
  neighbour: await tokenFor({ sub: 'resident:resident-00002', roles: ['resident'], residentId: 'resident-00002' }),
  elder: await tokenFor({ sub: `resident:${DEMO_IDS.elderLivingAlone}`, roles: ['resident'], residentId: DEMO_IDS.elderLivingAlone }),
});
export type SafetyPersonas = Awaited<ReturnType<typeof safetyPersonas>>;
