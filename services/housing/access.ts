import { eq, inArray, or, sql, type SQL } from 'drizzle-orm';
import type { RowRule } from '../kit/access';
import type { Viewer } from '../kit/auth';
import type { Database } from '../kit/db';
import { gridsOf, hasRole, isAdmin, worksInGrid } from '../domain/people';
import { grantedIds, readsDistrict } from '../domain/scopes';
import { consentVotes, elevatorRetrofits, renovationProjects, type ConsentVoteRow, type ElevatorRetrofitRow, type RenovationProjectRow } from './tables';

/** Where a resident lives now, as community says (read once per request with the resident's own token). */
export interface ViewerHome {
  householdId: string;
  buildingId: string;
}

/** The viewer with their home, when they are a resident whose home community knows; rules below read it. */
export type HousingViewer = Viewer & { home?: ViewerHome | null };

/** Housing officers and admins see and run every compound's renovation and retrofits. */
export const isHousingStaff = (viewer: Viewer) => isAdmin(viewer) || hasRole(viewer, 'housing_officer');

const nothing = sql`false`;

/**
 * Renovation projects are public notices of the compound (公示): any signed-in viewer may read them.
 */
export const renovationProjectRule: RowRule<RenovationProjectRow> = {
  resource: 'renovation project',
  allows: (viewer) => viewer.authenticated,
  where: (viewer) => (viewer.authenticated ? undefined : nothing),
  select: (db: Database) => db.select().from(renovationProjects).$dynamic(),
  describe: (row) => row.id,
};

/**
 * An elevator retrofit, its tally and its cost shares: housing staff see all; grid workers the retrofits of their
 * grids' buildings; residents their own building's; partners as their scopes say (district-wide, or a compound's).
 */
export const elevatorRetrofitRule: RowRule<ElevatorRetrofitRow> = {
  resource: 'elevator retrofit',
  allows: (viewer: HousingViewer, row) =>
    isHousingStaff(viewer) ||
    readsDistrict(viewer) ||
    worksInGrid(viewer, row.gridId) ||
    grantedIds(viewer, 'compound').includes(row.compoundId) ||
    (!!viewer.home && viewer.home.buildingId === row.buildingId),
  where(viewer: HousingViewer) {
    if (isHousingStaff(viewer) || readsDistrict(viewer)) return undefined;
    const conditions: SQL[] = [];
    const grids = gridsOf(viewer);
    if (grids.length) conditions.push(inArray(elevatorRetrofits.gridId, grids));
    const compounds = grantedIds(viewer, 'compound');
    if (compounds.length) conditions.push(inArray(elevatorRetrofits.compoundId, compounds));
    if (viewer.home) conditions.push(eq(elevatorRetrofits.buildingId, viewer.home.buildingId));
    return conditions.length ? or(...conditions) : nothing;
  },
  select: (db: Database) => db.select().from(elevatorRetrofits).$dynamic(),
  describe: (row) => row.id,
};

/**
 * A household's vote (its choice is its own): housing staff see every vote; a resident sees their own household's,
 * never another's. Grid workers see the tally, not the choices.
 */
export const consentVoteRule: RowRule<ConsentVoteRow> = {
  resource: 'consent vote',
  allows: (viewer: HousingViewer, row) => isHousingStaff(viewer) || (!!viewer.home && viewer.home.householdId === row.householdId),
  where(viewer: HousingViewer) {
    if (isHousingStaff(viewer)) return undefined;
    return viewer.home ? eq(consentVotes.householdId, viewer.home.householdId) : nothing;
  },
  select: (db: Database) => db.select().from(consentVotes).$dynamic(),
  describe: (row) => `of household ${row.householdId}`,
};
