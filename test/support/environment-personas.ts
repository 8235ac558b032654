import { buildDemoDistrict } from '../../services/demo';
import { pinnedReporter } from '../../services/environment/demo';
import { personas } from './personas';
import { tokenFor } from './stack';

/** The resident of the pinned grid who reports environment issues in the demo. */
export const demoReporter = () => pinnedReporter(buildDemoDistrict());

/** Tokens for environment's tests: the shared personas, an environment officer and two residents. */
export const environmentPersonas = async () => {
  const reporter = demoReporter();
  return {
    ...(await personas()),
    environmentOfficer: await tokenFor({ sub: 'officer:environment', roles: ['environment_officer'] }),
    /** The pinned grid's resident who reports issues. */
    reporter: await tokenFor({ sub: `resident:${reporter}`, roles: ['resident'], residentId: reporter }),
  };
};
export type EnvironmentPersonas = Awaited<ReturnType<typeof environmentPersonas>>;
