import { eq, inArray, or, sql, type SQL } from 'drizzle-orm';
import type { Viewer } from '../kit/auth';
import { refusal, type RowRule } from '../kit/access';
import type { Database } from '../kit/db';
import { can } from '../domain/capabilities';
import { gridsOf, hasRole, isAdmin, worksInGrid } from '../domain/people';
import { readsDistrict } from '../domain/scopes';
import { environmentIssues, type EnvironmentIssueRow } from './tables';

/** What the access rules need to know of an issue: whose report it is, and the grid it lies in. */
export type IssueKeys = Pick<EnvironmentIssueRow, 'id' | 'gridId' | 'reporterResidentId'>;

/** Environment officers and admins work across the district (partners with the district scope read it). */
const seesAllIssues = (viewer: Viewer) => isAdmin(viewer) || hasRole(viewer, 'environment_officer') || readsDistrict(viewer);

/** A grid worker looks after the issues of their grids (partners with a grid's scope read them). */
const handlesGrid = (viewer: Viewer, gridId: string) => worksInGrid(viewer, gridId, ['grid_worker']);

/**
 * Environment issues (环境问题): a resident sees their own reports; a grid worker the issues of their grids; environment
 * officers and admins all of them (docs/architecture.md "Identity and access").
 */
export const issueRule: RowRule<IssueKeys> = {
  resource: 'environment issue',
  allows: (viewer, issue) =>
    seesAllIssues(viewer) ||
    (!!viewer.residentId && issue.reporterResidentId === viewer.residentId) ||
    handlesGrid(viewer, issue.gridId),
  where(viewer): SQL | undefined {
    if (seesAllIssues(viewer)) return undefined;
    const conditions: SQL[] = [];
    if (viewer.residentId) conditions.push(eq(environmentIssues.reporterResidentId, viewer.residentId));
    const grids = gridsOf(viewer, ['grid_worker']);
    if (grids.length) conditions.push(inArray(environmentIssues.gridId, grids));
    return conditions.length ? or(...conditions) : sql`false`;
  },
  select: (db: Database) => db.select().from(environmentIssues),
  describe: (issue) => issue.id,
};

/**
 * Moving an issue along its workflow or raising it: environment officers and admins anywhere, grid workers in their
 * own grids. FORBIDDEN otherwise (UNAUTHENTICATED when not signed in).
 */
export function assertHandles(viewer: Viewer, issue: IssueKeys): void {
  if (!can(viewer, 'environment:handle') || !(seesAllIssues(viewer) || handlesGrid(viewer, issue.gridId))) {
    throw refusal(viewer, `Only environment officers, admins and the grid workers of grid ${issue.gridId} may handle environment issue ${issue.id}.`);
  }
}

/** Recording a patrol on a segment: environment officers and admins anywhere, grid workers along their grids. */
export function assertPatrols(viewer: Viewer, segment: { id: string; gridId: string }): void {
  if (!can(viewer, 'river:patrol') || !(seesAllIssues(viewer) || handlesGrid(viewer, segment.gridId))) {
    throw refusal(viewer, `Only environment officers, admins and the grid workers of grid ${segment.gridId} may record patrols of river segment ${segment.id}.`);
  }
}
