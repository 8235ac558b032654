import type { Viewer } from '../kit/auth';

/**
 * Who is who in OneGrid: the roles a token may carry (DESIGN.md "Identity and access") and the relations every
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

/** Whether the viewer looks after the grid as a grid worker or care worker. */
export const worksInGrid = (viewer: Viewer, gridId: string | null | undefined) =>
  !!gridId && hasRole(viewer, 'grid_worker', 'care_worker') && viewer.gridIds.includes(gridId);

/** Elderly means 60 or older (老年人权益保障法 art. 2), for every subgraph. */
export const ELDERLY_AGE = 60;

/** Who did something, as records name them: the token subject. */
export const actorOf = (viewer: Viewer) => viewer.sub ?? 'unknown';
