import { eq, inArray, or, type SQL, sql } from 'drizzle-orm';
import type { Viewer } from '../kit/auth';
import { hasRole, isAdmin, worksInGrid } from '../domain/people';
import { forbidden } from '../kit/errors';
import { buildings, residents, type ResidentRow } from './tables';

/** A resident row as loaded: with its comprehensive grid and whether it shares the viewer's household. */
export type ResidentRecord = ResidentRow & { gridId: string; inViewerHousehold: boolean };

/** Officers work across the district and see residents, with contact details masked. */
const OFFICERS = ['housing_officer', 'environment_officer', 'safety_officer'] as const;

/** DESIGN.md "Identity and access": who may see a resident at all. */
export function canSeeResident(viewer: Viewer, resident: ResidentRecord): boolean {
  return (
    isAdmin(viewer) ||
    hasRole(viewer, ...OFFICERS) ||
    viewer.residentId === resident.id ||
    resident.inViewerHousehold ||
    worksInGrid(viewer, resident.gridId)
  );
}

export const residentPolicy = (viewer: Viewer) => (resident: ResidentRecord) =>
  canSeeResident(viewer, resident) ? null : forbidden(`You may not see resident ${resident.id}.`);

/** Phone numbers are shown to the person, their grid's workers and admins; masked for everyone else. */
export const canSeeContact = (viewer: Viewer, resident: ResidentRecord) =>
  isAdmin(viewer) || viewer.residentId === resident.id || worksInGrid(viewer, resident.gridId);

/** `138****5678`, `330106********1234`. */
export const maskPhone = (phone: string) => `${phone.slice(0, 3)}****${phone.slice(-4)}`;
export const maskIdNumber = (idNumber: string) => `${idNumber.slice(0, 6)}********${idNumber.slice(-4)}`;

/** SQL: is this resident row in the viewer's own household? (false for viewers who are not residents) */
export const inViewerHousehold = (viewer: Viewer): SQL<boolean> =>
  viewer.residentId
    ? sql<boolean>`coalesce(${residents.householdId} = (select r2.household_id from community.residents r2 where r2.id = ${viewer.residentId}), false)`
    : sql<boolean>`false`;

/**
 * SQL condition limiting a residents query (joined with buildings) to the rows the viewer may see,
 * so lists never load what they would have to hide. `undefined` means no limit.
 */
export function residentScope(viewer: Viewer): SQL | undefined {
  if (isAdmin(viewer) || hasRole(viewer, ...OFFICERS)) return undefined;
  const conditions: SQL[] = [];
  if (viewer.residentId) conditions.push(eq(residents.id, viewer.residentId), inViewerHousehold(viewer));
  if (hasRole(viewer, 'grid_worker', 'care_worker') && viewer.gridIds.length) conditions.push(inArray(buildings.gridId, viewer.gridIds));
  return conditions.length ? or(...conditions) : sql`false`;
}
