import { and, eq, lt, ne, notInArray, sql, type SQL } from 'drizzle-orm';
import { integer, text, timestamp, uuid, type PgColumn, type PgSchema, type PgTable } from 'drizzle-orm/pg-core';
import type { Database, Transaction } from './db';
import { badInput, conflict } from './errors';
import { advance, stateMachine } from './workflow';

/**
 * The case workflow of digital city management (GB/T 30428), shared by every subgraph that handles reported
 * problems: a case is reported, accepted, filed (or voided), dispatched, processed, verified and closed (or sent back
 * for rework); it is handled at a tier that rises when it is overdue. Domain-free: what a case is about is the
 * subgraph's business.
 */

export const CASE_STATUSES = ['REPORTED', 'ACCEPTED', 'FILED', 'VOIDED', 'DISPATCHED', 'PROCESSING', 'PROCESSED', 'VERIFYING', 'CLOSED', 'REWORK'] as const;
export type CaseStatus = (typeof CASE_STATUSES)[number];

/** The states a case ends in: no deadline, never overdue. */
export const FINAL_CASE_STATUSES = ['CLOSED', 'VOIDED'] as const satisfies readonly CaseStatus[];

export const caseWorkflow = stateMachine<CaseStatus>('A case', {
  REPORTED: ['ACCEPTED'],
  ACCEPTED: ['FILED', 'VOIDED'],
  FILED: ['DISPATCHED'],
  VOIDED: [],
  DISPATCHED: ['PROCESSING'],
  PROCESSING: ['PROCESSED'],
  PROCESSED: ['VERIFYING'],
  VERIFYING: ['CLOSED', 'REWORK'],
  CLOSED: [],
  REWORK: ['DISPATCHED'],
});

/** Who handles a case, lowest first: small matters stay low, big ones rise. */
export const CASE_TIERS = ['GRID', 'COMMUNITY', 'SUBDISTRICT', 'CITY'] as const;
export type CaseTier = (typeof CASE_TIERS)[number];

/** The tier above, or null at the top. */
export const tierAbove = (tier: CaseTier): CaseTier | null => CASE_TIERS[CASE_TIERS.indexOf(tier) + 1] ?? null;

/** What each tier is, for the GraphQL enums of subgraphs that handle cases. */
export const CASE_TIER_DESCRIPTIONS: Record<CaseTier, string> = {
  GRID: 'The grid (网格).',
  COMMUNITY: 'The community (社区).',
  SUBDISTRICT: 'The subdistrict (街道).',
  CITY: 'The city (市级).',
};

/** Where a case came from. */
export const CASE_SOURCES = ['GRID_WORKER', 'RESIDENT', 'PATROL', 'HOTLINE_12345', 'VIDEO', 'SUPERIOR'] as const;
export type CaseSource = (typeof CASE_SOURCES)[number];

/** What each source is, for the GraphQL enums of subgraphs that handle cases. */
export const CASE_SOURCE_DESCRIPTIONS: Record<CaseSource, string> = {
  GRID_WORKER: 'Found by a grid worker (网格员巡查).',
  RESIDENT: 'Reported by a resident (居民上报).',
  PATROL: 'Found on a patrol or inspection (巡查发现).',
  HOTLINE_12345: 'From the 12345 citizen hotline (12345 热线).',
  VIDEO: 'Seen by video surveillance (视频监控).',
  SUPERIOR: 'Handed down by a superior office (上级交办).',
};

export const isCaseOpen = (status: CaseStatus) => !(FINAL_CASE_STATUSES as readonly CaseStatus[]).includes(status);

/** Past its deadline and not finished. */
export const isCaseOverdue = (kase: { status: CaseStatus; deadline: Date | null }, now: Date = new Date()) =>
  isCaseOpen(kase.status) && !!kase.deadline && kase.deadline.getTime() < now.getTime();

/** The PostgreSQL enums of a subgraph's cases, in its own schema. */
export const caseEnums = (schema: PgSchema) => ({
  status: schema.enum('case_status', CASE_STATUSES),
  tier: schema.enum('case_tier', CASE_TIERS),
  source: schema.enum('case_source', CASE_SOURCES),
});
export type CaseEnums = ReturnType<typeof caseEnums>;

/** The columns every case table has, to spread into the subgraph's own table beside what its cases are about. */
export const caseColumns = (enums: CaseEnums) => ({
  id: text('id').primaryKey().default(sql`gen_random_uuid()::text`),
  status: enums.status('status').notNull().default('REPORTED'),
  tier: enums.tier('tier').notNull().default('GRID'),
  source: enums.source('source').notNull(),
  /** When the case must be finished at its current tier; a raise sets a new one. */
  deadline: timestamp('deadline', { withTimezone: true }),
  version: integer('version').notNull().default(1),
  reportedAt: timestamp('reported_at', { withTimezone: true }).notNull().defaultNow(),
  updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
});

/** A case's history: every transition and every raise, with who, when and why. */
export const caseHistoryTable = (schema: PgSchema, name: string, enums: CaseEnums) =>
  schema.table(name, {
    id: uuid('id').primaryKey().defaultRandom(),
    caseId: text('case_id').notNull(),
    /** `TRANSITION` (status changed) or `RAISE` (tier changed). */
    kind: text('kind', { enum: ['TRANSITION', 'RAISE'] }).notNull(),
    fromStatus: enums.status('from_status').notNull(),
    toStatus: enums.status('to_status').notNull(),
    fromTier: enums.tier('from_tier').notNull(),
    toTier: enums.tier('to_tier').notNull(),
    /** Token subject, or `sweep` for automatic raises. */
    actorSub: text('actor_sub').notNull(),
    note: text('note'),
    at: timestamp('at', { withTimezone: true }).notNull().defaultNow(),
  });
export type CaseHistoryTable = ReturnType<typeof caseHistoryTable>;

/** A subgraph's table of cases: its own columns plus `caseColumns`. */
export type CaseTable = PgTable & {
  id: PgColumn;
  status: PgColumn;
  tier: PgColumn;
  deadline: PgColumn;
  version: PgColumn;
};

interface CaseRow {
  id: string;
  status: CaseStatus;
  tier: CaseTier;
}

/**
 * Moves a case one step (BAD_USER_INPUT naming the allowed moves otherwise), compare-and-set on the version the
 * caller read (two concurrent moves cannot both win: CONFLICT), recorded in the history in the same transaction.
 */
export function transitionCase<T extends CaseTable>(
  db: Database,
  options: {
    table: T;
    history: CaseHistoryTable;
    current: CaseRow;
    to: CaseStatus;
    expectedVersion: number;
    actorSub: string;
    note?: string | null;
    /** Further columns the step sets with the status (e.g. the handler a dispatch names). */
    set?: Partial<T['$inferInsert']>;
  },
): Promise<T['$inferSelect']> {
  const { current } = options;
  return advance(db, {
    machine: caseWorkflow,
    table: options.table,
    current,
    to: options.to,
    set: options.set,
    expectedVersion: options.expectedVersion,
    actorSub: options.actorSub,
    note: options.note,
    record: (tx, move) =>
      tx.insert(options.history).values({
        caseId: current.id,
        kind: 'TRANSITION',
        fromStatus: move.from,
        toStatus: move.to,
        fromTier: current.tier,
        toTier: current.tier,
        actorSub: move.actorSub,
        note: move.note,
      }),
  });
}

/** Raises an open case to the tier above by hand (beyond the grid's authority), with a new deadline. */
export async function raiseCase<T extends CaseTable>(
  db: Database,
  options: { table: T; history: CaseHistoryTable; current: CaseRow; expectedVersion: number; deadline: Date | null; actorSub: string; note?: string | null },
): Promise<T['$inferSelect']> {
  const { current, table } = options;
  const to = tierAbove(current.tier);
  if (!to) throw badInput(`The case is already handled at the top tier (${current.tier}).`, { field: 'id' });
  if (!isCaseOpen(current.status)) throw badInput(`A case that is ${current.status} is finished and cannot be raised.`, { field: 'id' });
  return db.transaction(async (tx) => {
    const [raised] = (await tx
      .update(table as PgTable)
      .set({ tier: to, deadline: options.deadline, version: sql`${table.version} + 1` } as never)
      .where(and(eq(table.id, current.id), eq(table.version, options.expectedVersion), eq(table.tier, current.tier)))
      .returning()) as T['$inferSelect'][];
    if (!raised) {
      throw conflict(`The case ${current.id} was changed by someone else meanwhile: reload and retry.`, { field: 'expectedVersion' });
    }
    await recordRaise(tx, options.history, [{ ...current, to }], options.actorSub, options.note ?? null);
    return raised;
  });
}

async function recordRaise(tx: Transaction, history: CaseHistoryTable, raised: (CaseRow & { to: CaseTier })[], actorSub: string, note: string | null) {
  if (raised.length === 0) return;
  await tx.insert(history).values(
    raised.map((row) => ({ caseId: row.id, kind: 'RAISE' as const, fromStatus: row.status, toStatus: row.status, fromTier: row.tier, toTier: row.to, actorSub, note })),
  );
}

/**
 * The overdue sweep: every open case past its deadline and below the top tier rises one tier, with a new deadline
 * `nextDeadlineMs` from now. Idempotent and safe with several replicas sweeping at once: one UPDATE claims each row
 * (a concurrent sweep re-checks the row after the first commits, finds it no longer overdue, and skips it), and the
 * history rows are written in the same transaction. Returns the cases raised.
 */
export async function sweepOverdueCases<T extends CaseTable>(
  db: Database,
  options: { table: T; history: CaseHistoryTable; now?: Date; nextDeadlineMs: number; where?: SQL },
): Promise<(CaseRow & { to: CaseTier })[]> {
  const { table } = options;
  const now = options.now ?? new Date();
  // The tier column's own enum type, e.g. "environment"."case_tier".
  const { enum: tierEnum } = table.tier as unknown as { enum: { enumName: string; schema?: string } };
  const tierType = tierEnum.schema ? sql`${sql.identifier(tierEnum.schema)}.${sql.identifier(tierEnum.enumName)}` : sql.identifier(tierEnum.enumName);
  const nextTier = sql`(case ${table.tier} ${sql.join(
    CASE_TIERS.slice(0, -1).map((tier, i) => sql`when ${tier}::${tierType} then ${CASE_TIERS[i + 1]!}::${tierType}`),
    sql` `,
  )} end)`;
  return db.transaction(async (tx) => {
    const raised = (await tx
      .update(table as PgTable)
      .set({ tier: nextTier, deadline: new Date(now.getTime() + options.nextDeadlineMs), version: sql`${table.version} + 1` } as never)
      .where(
        and(
          notInArray(table.status, [...FINAL_CASE_STATUSES]),
          lt(table.deadline, now),
          ne(table.tier, CASE_TIERS.at(-1)!),
          options.where,
        ),
      )
      .returning({ id: table.id, status: table.status, to: table.tier })) as { id: string; status: CaseStatus; to: CaseTier }[];
    const rows = raised.map((row) => ({ ...row, tier: CASE_TIERS[CASE_TIERS.indexOf(row.to) - 1]! }));
    await recordRaise(tx, options.history, rows, 'sweep', 'overdue: raised automatically');
    return rows;
  });
}

/** Open311 GeoReport v2's two statuses: `closed` for a finished case, `open` for every other state. */
export const open311Status = (status: CaseStatus): 'open' | 'closed' => (isCaseOpen(status) ? 'open' : 'closed');
