import type { Viewer } from '../kit/auth';
import { grantedIds } from './scopes';

/**
 * Who is who in OneGrid: the roles a token may carry (docs/architecture.md "Identity and access") and the relations every
 * subgraph's access rules share. Domain vocabulary, so it lives here and not in the kit.
 */
export const ROLES = [
  'resident',
  'grid_worker',
  'care_worker',
  'housing_officer',
  'environment_officer',
  'safety_officer',
  'admin',
  'partner',
  // safety: the device gateway, a service that relays device heartbeats and alarms
  'device_gateway',
] as const;
export type Role = (typeof ROLES)[number];

/** Domain officers work across the district. */
export const OFFICERS = ['housing_officer', 'environment_officer', 'safety_officer'] as const satisfies readonly Role[];

export const hasRole = (viewer: Viewer, ...roles: Role[]) => roles.some((role) => viewer.roles.includes(role));
export const isAdmin = (viewer: Viewer) => viewer.roles.includes('admin');

/**
 * The grids whose records the viewer reads as their worker does: a grid or care worker's own (of `roles`), and the
 * grids a partner's scopes grant (domain/scopes).
 */
export const gridsOf = (viewer: Viewer, roles: Role[] = ['grid_worker', 'care_worker']): string[] => [
  ...(hasRole(viewer, ...roles) ? viewer.gridIds : []),
  ...grantedIds(viewer, 'grid'),
];

/** Whether the viewer looks after the grid as a grid worker or care worker (or reads it by a partner's scope). */
export const worksInGrid = (viewer: Viewer, gridId: string | null | undefined, roles?: Role[]) =>
  !!gridId && gridsOf(viewer, roles).includes(gridId);

/** Elderly means 60 or older (老年人权益保障法 art. 2), for every subgraph. */
export const ELDERLY_AGE = 60;

/** Who did something, as records name them: the token subject. */
export const actorOf = (viewer: Viewer) => viewer.sub ?? 'unknown';
