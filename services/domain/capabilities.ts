import type { Authorizer, Viewer } from '../kit/auth';
import { hasRole, isAdmin, type Role } from './people';

/**
 * What each role may do, by name: one table read by `@Authorized('<capability>')` and by write checks alike, so
 * there is one way to say who may do what. Admins hold every capability. Row rules (whose rows) live in each
 * subgraph's access.ts; a capability says what kind of work a role does at all.
 */
export const CAPABILITIES = {
  /** Read personal records (residents, their care) within the viewer's row rules. */
  'person:read': ['resident', 'grid_worker', 'care_worker', 'housing_officer', 'environment_officer', 'safety_officer', 'partner'],
  /** Register residents and change their records, in the households of the viewer's grids. */
  'household:edit': ['grid_worker'],
  /** Assign grid workers to grids. */
  'grid:assign': [],
  /** Read a subgraph's audit log (kit/audit AUDIT_READ): admins only. */
  'audit:read': [],
  /** Enrol, assess and visit elders, and move their home modifications along, in the viewer's grids. */
  'elder:care': ['grid_worker', 'care_worker'],
  // safety
  /** Relay what home safety devices report: heartbeats, and alarms from any device. */
  'safety:device-report': ['device_gateway'],
  /** Fit devices in homes, answer and close alarms, in the viewer's grids (safety officers: everywhere). */
  'safety:respond': ['grid_worker', 'safety_officer'],
  /** Record fire inspections, hazards and drills and move hazards along (grid workers: their grids' sites). */
  'safety:inspect': ['grid_worker', 'safety_officer'],
  /** Run the escalation and overdue sweeps (a scheduler signs in as a safety officer or the device gateway). */
  'safety:sweep': ['safety_officer', 'device_gateway'],
  // environment
  /** Report an environment issue (环境问题上报): residents their own, staff on anyone's behalf. */
  'environment:report': ['resident', 'grid_worker', 'environment_officer'],
  /** Move environment issues along the case workflow and raise them, in the viewer's grids (officers: anywhere). */
  'environment:handle': ['grid_worker', 'environment_officer'],
  /** Record and read river patrols (巡河), along the viewer's grids (officers: anywhere). */
  'river:patrol': ['grid_worker', 'environment_officer'],
  // housing
  /** Record renovation projects and elevator retrofits, open and close consents, move phases along. */
  'housing:manage': ['housing_officer'],
  /** Vote in an elevator-retrofit consent: residents for their own household, officers recording ballots. */
  'consent:vote': ['resident', 'housing_officer'],
} as const satisfies Record<string, readonly Role[]>;
export type Capability = keyof typeof CAPABILITIES;

export const isCapability = (name: string): name is Capability => Object.hasOwn(CAPABILITIES, name);

/** `@Authorized(...)` for every subgraph: the viewer must hold one of the named capabilities. */
export const authorize: Authorizer = (viewer, requirements) => requirements.some((name) => isCapability(name) && can(viewer, name));

/** Whether the viewer holds the capability (admins hold all). */
export function can(viewer: Viewer, capability: Capability): boolean {
  if (!viewer.authenticated) return false;
  return isAdmin(viewer) || hasRole(viewer, ...(CAPABILITIES[capability] as readonly Role[]));
}
