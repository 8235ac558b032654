import { eq } from 'drizzle-orm';
import type { Database, Transaction } from '../kit/db';
import { caseWorkflow, raiseCase, sweepOverdueCases, transitionCase, type CaseSource, type CaseStatus } from '../kit/cases';
import { badInput, conflict, notFound } from '../kit/errors';
import { createOnce } from '../kit/idempotency';
import { refusal } from '../kit/access';
import { can } from '../domain/capabilities';
import { actorOf, hasRole } from '../domain/people';
import { assertHandles } from './access';
import type { EnvironmentContext } from './loaders';
import type { IssueCategory } from './rules/enums';
import { deadlineOf, type EnvironmentSettings } from './settings';
import { environmentIssueHistory, environmentIssues, idempotencyKeys, type EnvironmentIssueRow } from './tables';

/**
 * The environment issue's writes, shared by the GraphQL mutations and the Open311 API: reporting, moving along the
 * kit's case workflow, raising by hand, and the overdue sweep.
 */

/** What a report says, whichever API it came through. */
export interface IssueReport {
  category: IssueCategory;
  description: string;
  address?: string | null;
  latitude?: number | null;
  longitude?: number | null;
  photoUrls?: string[] | null;
  gridId?: string | null;
  source?: CaseSource | null;
  reportingWorkerId?: string | null;
  idempotencyKey?: string | null;
}

/** Where an issue is in words: the address given, else its coordinates; one of the two is required. */
export function placeOf(
  facts: Pick<IssueReport, 'address' | 'latitude' | 'longitude'>,
  options: { fallback?: string; field?: string } = {},
): { address: string; latitude: number | null; longitude: number | null } {
  const at = (name: string) => (options.field ? `${options.field}.${name}` : name);
  const hasLatitude = facts.latitude != null;
  if (hasLatitude !== (facts.longitude != null)) throw badInput('Give latitude and longitude together, or neither.', { field: at('latitude') });
  const address = facts.address?.trim() || (hasLatitude ? `${facts.latitude}, ${facts.longitude}` : options.fallback);
  if (!address) throw badInput('Say where the issue is: an address, or latitude and longitude.', { field: at('address') });
  return { address, latitude: facts.latitude ?? null, longitude: facts.longitude ?? null };
}

/** Residents report as themselves; staff report what they or others found. */
const reportsAsResident = (ctx: EnvironmentContext) => !!ctx.viewer.residentId && !hasRole(ctx.viewer, 'grid_worker', 'environment_officer', 'admin');

function sourceOf(ctx: EnvironmentContext, asked: CaseSource | null | undefined): CaseSource {
  if (asked === 'PATROL') throw badInput('Findings of a patrol are recorded with recordRiverPatrol.', { field: 'source' });
  if (reportsAsResident(ctx)) {
    if (asked && asked !== 'RESIDENT') throw badInput(`A resident reports as RESIDENT, not ${asked}.`, { field: 'source' });
    return 'RESIDENT';
  }
  return asked ?? 'GRID_WORKER';
}

/** The grid of a resident's home, from community (with the caller's token, so community's rules apply). */
async function homeGridOf(ctx: EnvironmentContext, residentId: string): Promise<string> {
  const [resident] = await ctx.peer('community').entities<{ grid: { id: string } | null }>('Resident', [residentId], 'grid { id }');
  if (resident instanceof Error) throw resident;
  if (!resident?.grid) throw badInput('Your home has no grid on record: name the grid (gridId) where the issue is.', { field: 'gridId' });
  return resident.grid.id;
}

/** That a grid exists, asked of community. */
async function assertGridExists(ctx: EnvironmentContext, gridId: string): Promise<void> {
  const [grid] = await ctx.peer('community').entities<{ id: string }>('Grid', [gridId], 'id');
  if (grid instanceof Error) throw grid;
  if (!grid) throw notFound('Grid', gridId, 'gridId');
}

/**
 * Reports an issue (上报): REPORTED at tier GRID with its category's deadline. A resident's report is theirs and lies in
 * their home grid unless they name another. Idempotent by the caller's key.
 */
export async function reportIssue(ctx: EnvironmentContext, report: IssueReport): Promise<EnvironmentIssueRow> {
  if (!can(ctx.viewer, 'environment:report')) throw refusal(ctx.viewer, 'Only residents, grid workers and environment officers may report environment issues.');
  const source = sourceOf(ctx, report.source);
  const asResident = reportsAsResident(ctx);
  if (asResident && report.reportingWorkerId) throw badInput('Residents report as themselves: leave reportingWorkerId out.', { field: 'reportingWorkerId' });
  const place = placeOf(report);
  const gridId = report.gridId ?? (asResident ? await homeGridOf(ctx, ctx.viewer.residentId!) : undefined);
  if (!gridId) throw badInput('Name the grid (gridId) where the issue is.', { field: 'gridId' });
  if (report.gridId) await assertGridExists(ctx, report.gridId);
  const values = {
    ...place,
    category: report.category,
    description: report.description,
    photoUrls: report.photoUrls ?? [],
    gridId,
    source,
    reporterResidentId: asResident ? ctx.viewer.residentId! : null,
    reporterWorkerId: report.reportingWorkerId ?? null,
    reportedBy: actorOf(ctx.viewer),
  };
  const { id } = await createOnce(
    ctx.db,
    { table: idempotencyKeys, scope: `reportEnvironmentIssue:${actorOf(ctx.viewer)}`, key: report.idempotencyKey ?? undefined, input: values },
    async (tx) => openIssue(tx, ctx.settings, values),
  );
  return issueRow(ctx.db, id);
}

/** Inserts a new issue, REPORTED with its category's deadline from now. */
export async function openIssue(
  tx: Transaction,
  settings: EnvironmentSettings,
  values: Omit<typeof environmentIssues.$inferInsert, 'deadline' | 'status' | 'tier'>,
): Promise<EnvironmentIssueRow> {
  const [issue] = await tx
    .insert(environmentIssues)
    .values({ ...values, deadline: deadlineOf(settings, values.category) })
    .returning();
  return issue!;
}

export async function issueRow(db: Database, id: string): Promise<EnvironmentIssueRow> {
  const [issue] = await db.select().from(environmentIssues).where(eq(environmentIssues.id, id));
  if (!issue) throw notFound('Environment issue', id, 'id');
  return issue;
}

/** The issue as the viewer may handle it: NOT_FOUND, FORBIDDEN, or a CONFLICT when they read an older version. */
async function issueToHandle(ctx: EnvironmentContext, id: string, expectedVersion: number): Promise<EnvironmentIssueRow> {
  const current = await ctx.loaders.issueById.load(id);
  if (!current) throw notFound('Environment issue', id, 'id');
  assertHandles(ctx.viewer, current);
  // A stale read is reported as such before the move is judged: the caller's idea of the state is out of date.
  if (current.version !== expectedVersion) {
    throw conflict(`Environment issue ${id} was changed by someone else (you read version ${expectedVersion}; it is now ${current.version}): reload and retry.`, {
      currentVersion: current.version,
      field: 'expectedVersion',
    });
  }
  return current;
}

/**
 * Moves an issue one step along the case workflow (BAD_USER_INPUT naming the allowed moves otherwise), recorded with
 * who, when and the note. A dispatch names the grid worker who handles it; a rework goes back to the same one
 * unless another is named.
 */
export async function transitionIssue(
  ctx: EnvironmentContext,
  input: { id: string; expectedVersion: number; to: CaseStatus; note?: string | null; handlerId?: string | null },
): Promise<EnvironmentIssueRow> {
  const current = await issueToHandle(ctx, input.id, input.expectedVersion);
  // An illegal move is the first thing to say, before what a legal one would need.
  caseWorkflow.assertMove(current.status, input.to);
  if (input.handlerId && input.to !== 'DISPATCHED') throw badInput(`A handler is named only when dispatching, not when moving to ${input.to}.`, { field: 'handlerId' });
  const handlerWorkerId = input.handlerId ?? current.handlerWorkerId;
  if (input.to === 'DISPATCHED' && !handlerWorkerId) throw badInput('Name the grid worker who handles the issue (handlerId) when dispatching it.', { field: 'handlerId' });
  return transitionCase(ctx.db, {
    table: environmentIssues,
    history: environmentIssueHistory,
    current,
    to: input.to,
    expectedVersion: input.expectedVersion,
    actorSub: actorOf(ctx.viewer),
    note: input.note,
    set: input.to === 'DISPATCHED' ? { handlerWorkerId } : undefined,
  });
}

/** Raises an open issue to the tier above by hand (beyond the grid's authority), with its category's deadline anew. */
export async function raiseIssue(ctx: EnvironmentContext, input: { id: string; expectedVersion: number; note: string }): Promise<EnvironmentIssueRow> {
  const current = await issueToHandle(ctx, input.id, input.expectedVersion);
  return raiseCase(ctx.db, {
    table: environmentIssues,
    history: environmentIssueHistory,
    current,
    expectedVersion: input.expectedVersion,
    deadline: deadlineOf(ctx.settings, current.category),
    actorSub: actorOf(ctx.viewer),
    note: input.note,
  });
}

/**
 * The overdue sweep (超期升级): every open issue past its deadline rises one tier, with its category's deadline anew.
 * The kit's sweep claims each row in one UPDATE, so replicas sweeping at once raise each issue exactly once.
 */
export async function sweepOverdueIssues(db: Database, settings: EnvironmentSettings, now: Date = new Date()) {
  const raised = [];
  for (const [category, hours] of Object.entries(settings.deadlineHours) as [IssueCategory, number][]) {
    raised.push(
      ...(await sweepOverdueCases(db, {
        table: environmentIssues,
        history: environmentIssueHistory,
        now,
        nextDeadlineMs: hours * 3_600_000,
        where: eq(environmentIssues.category, category),
      })),
    );
  }
  return raised;
}
