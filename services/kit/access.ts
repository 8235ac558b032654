import type { SQL } from 'drizzle-orm';
import type { Viewer } from './auth';
import { forbidden, unauthenticated, type OneGridError } from './errors';
import type { Database } from './db';
import { withAuditSubject } from './audit';
import type { RowPolicy } from './loaders';

/** A refusal: anonymous callers are told to sign in (UNAUTHENTICATED), signed-in ones that they may not (FORBIDDEN). */
export const refusal = (viewer: Viewer, message: string): OneGridError => (viewer.authenticated ? forbidden(message) : unauthenticated());

/**
 * Who may see the rows of one resource, said twice side by side: `allows` for a row in hand (loaders by key,
 * `_entities`) and `where` for a query (lists, counts), so a list never loads what it would have to hide. A generic
 * test checks that both halves agree on the demo district for every persona.
 */
export interface RowRule<Row> {
  /** The resource, as messages name it, e.g. "resident". */
  resource: string;
  allows(viewer: Viewer, row: Row): boolean;
  /** An SQL condition over `select`'s rows; `undefined` means every row. */
  where(viewer: Viewer): SQL | undefined;
  /** The rows as both halves read them, e.g. residents joined with their building's grid. */
  select(db: Database, viewer: Viewer): { where(condition: SQL | undefined): PromiseLike<Row[]> } & PromiseLike<Row[]>;
  /** Names a row in a refusal, e.g. its id. */
  describe(row: Row): string;
}

/** The rule as a loader policy: a refused row loads as UNAUTHENTICATED or FORBIDDEN instead of the row. */
export function policyOf<Row>(rule: Pick<RowRule<Row>, 'allows' | 'resource' | 'describe'>, viewer: Viewer): RowPolicy<Row> {
  // The refused row's subject goes to the audit log's DENIED row (kit/audit), never to the caller.
  return (row) => (rule.allows(viewer, row) ? null : withAuditSubject(refusal(viewer, `You may not see ${rule.resource} ${rule.describe(row)}.`), rule.describe(row)));
}
