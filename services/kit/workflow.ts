import { and, eq } from 'drizzle-orm';
import { Field, ObjectType } from 'type-graphql';
import { DateTimeScalar } from './scalars';
import type { PgColumn, PgTable } from 'drizzle-orm/pg-core';
import type { Database, Transaction } from './db';
import { badInput, conflict } from './errors';
import { updateVersioned, type VersionedTable } from './versioned';

/** A workflow: the moves each state allows (an empty list: a final state). */
export interface StateMachine<S extends string> {
  /** How messages name what moves, e.g. "A home modification". */
  subject: string;
  states: readonly S[];
  /** The states `from` may move to. */
  allowed(from: S): readonly S[];
  /** BAD_USER_INPUT naming the current state and the allowed moves unless `from → to` is one. */
  assertMove(from: S, to: S): void;
}

export function stateMachine<S extends string>(subject: string, moves: { readonly [K in S]: readonly S[] }): StateMachine<S> {
  const states = Object.keys(moves) as S[];
  return {
    subject,
    states,
    allowed: (from) => moves[from],
    assertMove(from, to) {
      const allowed = moves[from];
      if (allowed.includes(to)) return;
      throw badInput(
        allowed.length
          ? `${subject} that is ${from} can only move to ${allowed.join(' or ')}, not ${to}.`
          : `${subject} that is ${from} is final and cannot move to ${to}.`,
        { field: 'to', from, to, allowed },
      );
    },
  };
}

/** A table whose rows move through a workflow in a `status` column. */
export type StatefulTable = PgTable & { id: PgColumn; status: PgColumn };

export interface Move<S extends string> {
  from: S;
  to: S;
  /** Who moved it (token subject) and why. */
  actorSub: string;
  note?: string | null;
}

/**
 * Moves a row one step along its workflow, in one transaction: checks the move, compare-and-sets the status (and the
 * version the caller read, when the table is versioned), and records who/when/note through `record`. A row that
 * moved meanwhile is a CONFLICT.
 */
export async function advance<T extends StatefulTable, S extends string>(
  db: Database,
  options: {
    machine: StateMachine<S>;
    table: T;
    /** The row as the caller read it. */
    current: { id: string; status: S };
    to: S;
    actorSub: string;
    note?: string | null;
    /** Required for versioned tables: the version the caller read. */
    expectedVersion?: number;
    /** Further columns to set with the status, in the same compare-and-set (e.g. who a step assigns the row to). */
    set?: Partial<T['$inferInsert']>;
    /** Inserts the transition record (the table's own transitions table). */
    record(tx: Transaction, move: Move<S>): Promise<unknown>;
  },
): Promise<T['$inferSelect']> {
  const { machine, table, current, to, expectedVersion } = options;
  machine.assertMove(current.status, to);
  return db.transaction(async (tx) => {
    const stillFrom = eq(table.status, current.status);
    let moved: T['$inferSelect'] | undefined;
    if (expectedVersion !== undefined) {
      moved = await updateVersioned(tx, table as unknown as T & VersionedTable, { what: machine.subject, id: current.id, expectedVersion, where: stillFrom }, {
        ...options.set,
        status: to,
      } as never);
    } else {
      [moved] = (await tx
        .update(table as PgTable)
        .set({ ...options.set, status: to } as never)
        .where(and(eq(table.id, current.id), stillFrom))
        .returning()) as T['$inferSelect'][];
      if (!moved) throw conflict(`${machine.subject} ${current.id} was changed by someone else meanwhile: reload and retry.`);
    }
    await options.record(tx, { from: current.status, to, actorSub: options.actorSub, note: options.note ?? null });
    return moved;
  });
}

/**
 * The GraphQL type of a recorded move (`from`, `to`, who, when, why), e.g. `HomeModificationTransition`; `State` is
 * the workflow's registered GraphQL enum.
 */
export function TransitionType<S extends string>(name: string, State: object, description: string) {
  @ObjectType(name, { description })
  class Transition {
    @Field(() => State, { description: 'The state it left.' })
    from!: S;

    @Field(() => State, { description: 'The state it entered.' })
    to!: S;

    @Field({ description: 'Who moved it: their signed-in identity, or "sweep" for an automatic move.' })
    actorSub!: string;

    @Field(() => String, { nullable: true, description: 'Why, as the person who moved it wrote (备注).' })
    note!: string | null;

    @Field(() => DateTimeScalar, { description: 'When it moved.' })
    at!: Date;
  }
  return Transition;
}
