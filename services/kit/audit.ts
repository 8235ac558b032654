import DataLoader from 'dataloader';
import { sql } from 'drizzle-orm';
import { bigserial, check, index, text, timestamp, type PgSchema } from 'drizzle-orm/pg-core';
import { Kind, type GraphQLError, type OperationDefinitionNode } from 'graphql';
import type { ApolloServerPlugin } from '@apollo/server';
import type { Viewer } from './auth';
import type { Database } from './db';

/**
 * The audit log every subgraph keeps in its own schema: who read which person's sensitive data (health data, who
 * lives alone, devices in homes) and every refused attempt. A row names the actor, the subject, the field, the
 * request and the outcome, NEVER the value read. Append-only, no foreign keys: it outlives what it records and never
 * blocks a change to it. Free of GraphQL types (drizzle-kit loads tables without decorator metadata): the admin query
 * is in kit/audit-query.
 */
export const AUDIT_OUTCOMES = ['READ', 'DENIED'] as const;
export type AuditOutcome = (typeof AUDIT_OUTCOMES)[number];

export const auditLogTable = (schema: PgSchema) =>
  schema.table(
    'audit_log',
    {
      id: bigserial('id', { mode: 'number' }).primaryKey(),
      /** The token's subject; `anonymous` without a token. */
      actorSub: text('actor_sub').notNull(),
      actorRoles: text('actor_roles').array().notNull(),
      /** The person (or record) whose data was read or refused; null when a refusal names none (a whole operation). */
      subjectId: text('subject_id'),
      /** The record read when it is not the subject itself, e.g. an assessment of resident `subjectId`. */
      recordId: text('record_id'),
      /** What was read or refused, as `Type.field` (or `query.argument` for a filter that reveals a value). */
      field: text('field').notNull(),
      requestId: text('request_id').notNull(),
      outcome: text('outcome', { enum: AUDIT_OUTCOMES }).notNull(),
      at: timestamp('at', { withTimezone: true }).notNull().defaultNow(),
    },
    (t) => [
      check('audit_log_outcome_known', sql`${t.outcome} in ('READ', 'DENIED')`),
      index('audit_log_subject_idx').on(t.subjectId, t.id),
      index('audit_log_actor_idx').on(t.actorSub, t.id),
    ],
  );
export type AuditLogTable = ReturnType<typeof auditLogTable>;

/** One thing to record; the actor and request come from the trail. */
export interface AuditEvent {
  field: string;
  subjectId: string | null;
  recordId?: string | null;
  outcome: AuditOutcome;
}

/**
 * A request's audit trail. Resolvers await `read` before handing out what they read, so nothing leaves unless its
 * reading is recorded; all events of one tick go in ONE insert (a page of 100 elders costs one statement, not 100).
 */
export interface AuditTrail {
  read(field: string, subjectId: string, recordId?: string | null): Promise<void>;
  denied(field: string, subjectId: string | null): Promise<void>;
  /** A denied read recorded without awaiting it (a hidden row, see recordHidden); `settled` waits for its write. */
  deniedLater(field: string, subjectId: string): void;
  /** Every write asked for so far, done (or failed, which the caller's answer does not depend on). */
  settled(): Promise<void>;
}

const eventKey = (e: AuditEvent) => JSON.stringify([e.outcome, e.field, e.subjectId, e.recordId ?? null]);

export function auditTrail(db: Database, table: AuditLogTable, viewer: Viewer, requestId: string): AuditTrail {
  const actorSub = viewer.sub ?? 'anonymous';
  const events = new DataLoader<AuditEvent, void, string>(
    async (batch) => {
      await db.insert(table).values(
        batch.map((e) => ({ actorSub, actorRoles: viewer.roles, subjectId: e.subjectId, recordId: e.recordId ?? null, field: e.field, requestId, outcome: e.outcome })),
      );
      return batch.map(() => undefined);
    },
    // The same read twice in one request is one row.
    { cacheKeyFn: eventKey, maxBatchSize: 1000 },
  );
  const later: Promise<void>[] = [];
  return {
    read: (field, subjectId, recordId) => events.load({ field, subjectId, recordId, outcome: 'READ' }),
    denied: (field, subjectId) => events.load({ field, subjectId, outcome: 'DENIED' }),
    deniedLater: (field, subjectId) => void later.push(events.load({ field, subjectId, outcome: 'DENIED' }).catch(() => undefined)),
    settled: async () => {
      await Promise.all(later);
    },
  };
}

/** Reads each of `subjects` (one audit row each, one insert for all) and hands them back once recorded. */
export async function audited<T>(audit: AuditTrail, field: string, subjects: readonly T[], subjectOf: (item: T) => { subjectId: string; recordId?: string | null }): Promise<T[]> {
  await Promise.all(subjects.map((item) => {
    const { subjectId, recordId } = subjectOf(item);
    return audit.read(field, subjectId, recordId);
  }));
  return [...subjects];
}

/**
 * The trail of the request a viewer came with: the kit hands loaders this viewer, so a row rule can record a row it
 * hides (kit/access) without every subgraph threading the trail through its loaders.
 */
const TRAIL = Symbol('auditTrail');
export const withAuditTrail = (viewer: Viewer, trail: AuditTrail): Viewer =>
  Object.defineProperty({ ...viewer }, TRAIL, { value: trail, enumerable: false });

/**
 * Records a denied read of `subjectId`'s row that the caller is answered as missing. Not awaited here (a row rule is
 * synchronous): it joins the request's one insert, and auditDenialsPlugin waits for it before the answer leaves.
 */
export function recordHidden(viewer: Viewer, field: string, subjectId: string): void {
  (viewer as Viewer & { [TRAIL]?: AuditTrail })[TRAIL]?.deniedLater(field, subjectId);
}

/** An error naming the person a refusal was about, for the audit row (never shown to the caller). */
const SUBJECT = Symbol('auditSubject');
export function withAuditSubject<E extends Error>(error: E, subjectId: string): E {
  Object.defineProperty(error, SUBJECT, { value: subjectId, enumerable: false });
  return error;
}

const DENIAL_CODES = new Set(['FORBIDDEN', 'UNAUTHENTICATED', 'UNAUTHORIZED']);

/**
 * Where in the query: `resident.elderlyCare.assessments` for the path `[resident, elderlyCare, assessments, 0]`; for
 * a refusal of the whole operation (no path), its root fields, e.g. `_entities`.
 */
function fieldOf(error: GraphQLError, operation: OperationDefinitionNode | undefined): string {
  const path = error.path?.filter((p) => typeof p === 'string').join('.');
  if (path) return path;
  const roots = operation?.selectionSet.selections.flatMap((s) => (s.kind === Kind.FIELD ? [s.name.value] : [])) ?? [];
  return roots.length ? roots.join(',') : '(operation)';
}

/**
 * Every refusal (FORBIDDEN or UNAUTHENTICATED on a field, a mutation, a refused row, `_entities` without the
 * gateway's credential, a row hidden as missing) writes a DENIED row, in one insert per request, before the answer
 * leaves. One place for all refusal paths (the auth checker, row policies, resolvers' own checks), so a new one is audited by default.
 */
export function auditDenialsPlugin<C extends { audit: AuditTrail }>(): ApolloServerPlugin<C> {
  return {
    async requestDidStart() {
      return {
        async didEncounterErrors({ errors, contextValue, operation }) {
          // A refusal by code, or any error a row rule marked as a refusal (also when answered as NOT_FOUND).
          const denials = errors.filter(
            (error) =>
              DENIAL_CODES.has(String(error.extensions?.code ?? (error.originalError as GraphQLError | undefined)?.extensions?.code)) ||
              (error.originalError !== undefined && error.originalError !== null && SUBJECT in error.originalError),
          );
          await Promise.all(
            denials.map((error) => {
              const subject = (error.originalError as { [SUBJECT]?: string } | undefined)?.[SUBJECT] ?? null;
              return contextValue.audit.denied(fieldOf(error, operation), subject);
            }),
          );
        },
        // A hidden row answers as missing, with no error to hang its DENIED row on: it is written before the answer too.
        async willSendResponse({ contextValue }) {
          await contextValue.audit.settled();
        },
      };
    },
  };
}
