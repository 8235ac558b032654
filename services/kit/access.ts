import type { SQL } from 'drizzle-orm';
import type { Viewer } from './auth';
import { forbidden, unauthenticated, type OneGridError } from './errors';
import type { Database } from './db';
import { recordHidden } from './audit';
import { HIDDEN, type RowPolicy } from './loaders';

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

/**
 * The rule as a loader policy: a row the viewer may not see loads as missing (null), so reading it by id, through
 * `_entities` or behind a mutation's NOT_FOUND answers exactly as for an id that does not exist: no existence oracle.
 * It is a denied attempt all the same: the audit log records it with the row's subject (kit/audit), never the caller.
 */
export function policyOf<Row>(rule: Pick<RowRule<Row>, 'allows' | 'resource' | 'describe'>, viewer: Viewer): RowPolicy<Row> {
  return (row) => {
    if (rule.allows(viewer, row)) return null;
    recordHidden(viewer, rule.resource, rule.describe(row));
    return HIDDEN;
  };
}

/** A row in hand as the viewer may see it: the row, or null as if it did not exist (see policyOf). */
export const visibleOrNull = <Row>(rule: Pick<RowRule<Row>, 'allows'>, viewer: Viewer, row: Row | null | undefined): Row | null =>
  row && rule.allows(viewer, row) ? row : null;
