import { DEMO_IDS } from '../../services/demo';
import { tokenFor } from './stack';

/** Tokens of the people the tests act as, on the demo district. */
export const personas = async () => ({
  admin: await tokenFor({ roles: ['admin'] }),
  /** The full-time worker of the pinned elder's grid. */
  gridWorker: await tokenFor({ sub: `worker:${DEMO_IDS.fullTimeWorker}`, roles: ['grid_worker'], gridIds: [DEMO_IDS.grid] }),
  careWorker: await tokenFor({ sub: 'care:grid-001', roles: ['care_worker'], gridIds: [DEMO_IDS.grid] }),
  otherGridWorker: await tokenFor({ sub: 'worker:other', roles: ['grid_worker'], gridIds: ['grid-002'] }),
  /** The pinned elder living alone, as a resident. */
  elder: await tokenFor({ sub: `resident:${DEMO_IDS.elderLivingAlone}`, roles: ['resident'], residentId: DEMO_IDS.elderLivingAlone }),
  housingOfficer: await tokenFor({ roles: ['housing_officer'] }),
});
export type Personas = Awaited<ReturnType<typeof personas>>;
