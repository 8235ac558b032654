import { PARTNER_ROLE, type Viewer } from '../kit/auth';
import type { ServiceName } from '../kit/config';

/**
 * What a partner agency's token may read (issue 14, "Partner access"): OAuth scopes, `<subgraph>:<reach>:read`, where
 * the reach is the whole district (`district`), one grid (`grid:<gridId>`) or one compound (`compound:<compoundId>`).
 * A scope grants what a staff member with that reach reads in that subgraph, through the same row rules, and never
 * a write (kit/partners refuses partners' mutations). The token's `aud` names the one subgraph it may call, and that
 * subgraph sees only its own scopes (kit/auth admitViewer).
 */
export type Reach = 'district' | 'grid' | 'compound';

/** The vocabulary: per subgraph, the reaches it grants and what each reads (README tables are made from this). */
export const PARTNER_SCOPES: Record<ServiceName, Partial<Record<Reach, string>>> = {
  community: {
    district: 'every resident, as a domain officer reads them (phones masked)',
    grid: "the grid's residents, as its grid worker reads them",
  },
  'elderly-care': {
    district: "every elder's care records, as the care workers of every grid read them (the civil affairs bureau, 民政局)",
    grid: "the care records of the grid's elders, as its care worker reads them",
  },
  housing: {
    district: 'every elevator retrofit and its tally, as a housing officer reads them (not how each household voted)',
    compound: "the elevator retrofits of the compound's buildings and their tallies (its property company, 物业)",
  },
  environment: {
    district: 'every environment issue, as an environment officer reads them',
    grid: "the grid's environment issues, as its grid worker reads them",
  },
  safety: {
    district: 'every device, alarm, inspection and hazard, as a safety officer reads them',
    grid: "the grid's devices, alarms, inspections and hazards, as its grid worker reads them",
  },
};

/** The scope that grants `reach` in `service`, e.g. `elderly-care:district:read`, `housing:compound:compound-01:read`. */
export const scopeOf = (service: ServiceName, reach: Reach, id?: string) => [service, reach, ...(id ? [id] : []), 'read'].join(':');

export interface Grant {
  service: ServiceName;
  reach: Reach;
  /** The grid or compound, for those reaches. */
  id?: string;
}

const SCOPE = /^([a-z-]+):(?:(district)|(grid|compound):([\w-]+)):read$/;

/** The grant a scope names, or undefined when it is not in the vocabulary. */
export function parseScope(scope: string): Grant | undefined {
  const match = SCOPE.exec(scope);
  if (!match) return undefined;
  const [, service, district, reach, id] = match;
  const grant: Grant = district ? { service: service as ServiceName, reach: 'district' } : { service: service as ServiceName, reach: reach as Reach, id };
  return Object.hasOwn(PARTNER_SCOPES, grant.service) && PARTNER_SCOPES[grant.service][grant.reach] ? grant : undefined;
}

/** A partner's grants; scopes count on partner tokens only (staff read by their roles). */
const grantsOf = (viewer: Viewer): Grant[] =>
  viewer.roles.includes(PARTNER_ROLE) ? viewer.scopes.flatMap((scope) => parseScope(scope) ?? []) : [];

/** Whether a partner reads this subgraph district-wide. */
export const readsDistrict = (viewer: Viewer) => grantsOf(viewer).some((grant) => grant.reach === 'district');

/** The grids (or compounds) a partner reads. */
export const grantedIds = (viewer: Viewer, reach: 'grid' | 'compound') =>
  grantsOf(viewer).flatMap((grant) => (grant.reach === reach && grant.id ? [grant.id] : []));
