import { and, asc, inArray } from 'drizzle-orm';
import type { Viewer } from '../kit/auth';
import type { Database } from '../kit/db';
import { policyOf } from '../kit/access';
import { can } from '../domain/capabilities';
import { byForeignKeyLoader, HIDDEN, isAnyOf, linkedRowsLoader, preparedForViewer, rowsByForeignKey, rowsById } from '../kit/loaders';
import type { SubgraphContext } from '../kit/subgraph';
import { issueRule } from './access';
import type { EnvironmentSettings } from './settings';
import {
  environmentIssueHistory,
  environmentIssues,
  greenSpaces,
  riverChiefs,
  riverChiefSegments,
  riverCommunities,
  riverPatrols,
  rivers,
  riverSegments,
  type EnvironmentIssueRow,
} from './tables';

/** One set of loaders per request: every relation costs one statement per batch, not one per row. */
export function createEnvironmentLoaders(db: Database, viewer: Viewer) {
  return {
    riverById: rowsById(db, rivers),
    segmentById: rowsById(db, riverSegments),
    segmentsByRiver: byForeignKeyLoader(
      async (riverIds) => await db.select().from(riverSegments).where(inArray(riverSegments.riverId, riverIds)).orderBy(asc(riverSegments.id)),
      (row) => row.riverId,
    ),
    riversByCommunity: linkedRowsLoader(db, {
      from: riverCommunities.communityId,
      to: riverCommunities.riverId,
      target: rivers,
      targetKey: rivers.id,
      orderBy: [asc(rivers.id)],
    }),
    chiefById: rowsById(db, riverChiefs),
    chiefsBySegment: linkedRowsLoader(db, {
      from: riverChiefSegments.segmentId,
      to: riverChiefSegments.chiefId,
      target: riverChiefs,
      targetKey: riverChiefs.id,
      orderBy: [asc(riverChiefs.level), asc(riverChiefs.id)],
    }),
    segmentsByChief: linkedRowsLoader(db, {
      from: riverChiefSegments.chiefId,
      to: riverChiefSegments.segmentId,
      target: riverSegments,
      targetKey: riverSegments.id,
      orderBy: [asc(riverSegments.id)],
    }),
    /** Patrols are staff records: hidden (as if missing) from anyone who may not read patrols. */
    patrolById: rowsById(db, riverPatrols, () => (can(viewer, 'river:patrol') ? null : HIDDEN)),
    /** Issues by id, as the viewer may see them (a refused one loads as its error). */
    issueById: rowsById(db, environmentIssues, policyOf(issueRule, viewer)),
    /** A patrol's findings: every issue it opened (the viewer's access is applied by the reader). */
    /**
     * The issues each resident reported that the viewer may see, every one (a resident reports few): one statement
     * for a whole list of residents, paged in memory.
     */
    reportsByResident: byForeignKeyLoader(
      preparedForViewer<EnvironmentIssueRow>(db, 'environment.reportsByResident', viewer, (residentIds) =>
        db
          .select()
          .from(environmentIssues)
          .where(and(isAnyOf(environmentIssues.reporterResidentId, residentIds), issueRule.where(viewer)))
          .orderBy(asc(environmentIssues.id)),
      ),
      (row) => row.reporterResidentId!,
    ),
    findingsByPatrol: rowsByForeignKey(db, environmentIssues, environmentIssues.patrolId, (row) => row.patrolId!),
    historyByIssue: byForeignKeyLoader(
      async (issueIds) =>
        await db
          .select()
          .from(environmentIssueHistory)
          .where(inArray(environmentIssueHistory.caseId, issueIds))
          .orderBy(asc(environmentIssueHistory.at), asc(environmentIssueHistory.id)),
      (row) => row.caseId,
    ),
    greenSpaceById: rowsById(db, greenSpaces),
  };
}

export type EnvironmentLoaders = ReturnType<typeof createEnvironmentLoaders>;
export type EnvironmentContext = SubgraphContext<EnvironmentLoaders, EnvironmentSettings>;
