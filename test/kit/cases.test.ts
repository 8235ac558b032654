import { asc, eq, sql } from 'drizzle-orm';
import { pgSchema, text } from 'drizzle-orm/pg-core';
import {
  caseColumns,
  caseEnums,
  caseHistoryTable,
  caseWorkflow,
  isCaseOverdue,
  open311Status,
  raiseCase,
  sweepOverdueCases,
  tierAbove,
  transitionCase,
  type CaseStatus,
} from '../../services/kit/cases';
import type { DatabaseHandle } from '../../services/kit/db';
import { openTestDatabase } from '../support/database';

// A generic case table of some subgraph: the kit's case columns beside the subgraph's own.
const schema = pgSchema('case_kit');
const enums = caseEnums(schema);
const tickets = schema.table('tickets', { ...caseColumns(enums), subject: text('subject').notNull() });
const history = caseHistoryTable(schema, 'ticket_history', enums);

let handle: DatabaseHandle;
beforeAll(async () => {
  handle = await openTestDatabase();
  const ddl = [
    `create schema case_kit`,
    `create type case_kit.case_status as enum (${caseWorkflow.states.map((s) => `'${s}'`).join(', ')})`,
    `create type case_kit.case_tier as enum ('GRID', 'COMMUNITY', 'SUBDISTRICT', 'CITY')`,
    `create type case_kit.case_source as enum ('GRID_WORKER', 'RESIDENT', 'PATROL', 'HOTLINE_12345', 'VIDEO', 'SUPERIOR')`,
    `create table case_kit.tickets (id text primary key default gen_random_uuid()::text, status case_kit.case_status not null default 'REPORTED',
      tier case_kit.case_tier not null default 'GRID', source case_kit.case_source not null, deadline timestamptz, version integer not null default 1,
      reported_at timestamptz not null default now(), updated_at timestamptz not null default now(), subject text not null)`,
    `create table case_kit.ticket_history (id uuid primary key default gen_random_uuid(), case_id text not null, kind text not null,
      from_status case_kit.case_status not null, to_status case_kit.case_status not null, from_tier case_kit.case_tier not null,
      to_tier case_kit.case_tier not null, actor_sub text not null, note text, at timestamptz not null default now())`,
  ];
  for (const statement of ddl) await handle.db.execute(sql.raw(statement));
}, 60_000);
afterAll(() => handle?.close());

const open = async (deadline: Date | null = null) =>
  (await handle.db.insert(tickets).values({ source: 'RESIDENT', subject: 'something', deadline }).returning())[0]!;
const historyOf = (id: string) => handle.db.select().from(history).where(eq(history.caseId, id)).orderBy(asc(history.at), asc(history.kind));
const hourAgo = () => new Date(Date.now() - 3_600_000);

describe('the case workflow', () => {
  it('allows the documented moves and names the allowed ones otherwise', () => {
    expect(caseWorkflow.allowed('ACCEPTED')).toEqual(['FILED', 'VOIDED']);
    expect(caseWorkflow.allowed('VERIFYING')).toEqual(['CLOSED', 'REWORK']);
    expect(caseWorkflow.allowed('REWORK')).toEqual(['DISPATCHED']);
    expect(() => caseWorkflow.assertMove('REPORTED', 'CLOSED')).toThrow('A case that is REPORTED can only move to ACCEPTED, not CLOSED.');
    expect(() => caseWorkflow.assertMove('CLOSED', 'REWORK')).toThrow(/final/);
    expect(tierAbove('GRID')).toBe('COMMUNITY');
    expect(tierAbove('CITY')).toBeNull();
    expect(open311Status('VOIDED')).toBe('closed');
    expect(open311Status('REWORK')).toBe('open');
    expect(isCaseOverdue({ status: 'PROCESSING', deadline: hourAgo() })).toBe(true);
    expect(isCaseOverdue({ status: 'CLOSED', deadline: hourAgo() })).toBe(false);
  });

  it('runs the whole path with a rework loop, every step in the history', async () => {
    let ticket = await open();
    const path: CaseStatus[] = ['ACCEPTED', 'FILED', 'DISPATCHED', 'PROCESSING', 'PROCESSED', 'VERIFYING', 'REWORK', 'DISPATCHED', 'PROCESSING', 'PROCESSED', 'VERIFYING', 'CLOSED'];
    for (const to of path) {
      ticket = await transitionCase(handle.db, { table: tickets, history, current: ticket, to, expectedVersion: ticket.version, actorSub: 'worker-1', note: `to ${to}` });
    }
    expect(ticket).toMatchObject({ status: 'CLOSED', version: path.length + 1 });
    const steps = await historyOf(ticket.id);
    expect(steps.map((s) => s.toStatus)).toEqual(path);
    expect(steps.every((s) => s.kind === 'TRANSITION' && s.actorSub === 'worker-1')).toBe(true);
  });

  it('sets further columns with the status in the same step, and nothing when the move is refused', async () => {
    let ticket = await open();
    ticket = await transitionCase(handle.db, { table: tickets, history, current: ticket, to: 'ACCEPTED', expectedVersion: 1, actorSub: 'x', set: { subject: 'renamed' } });
    expect(ticket).toMatchObject({ status: 'ACCEPTED', subject: 'renamed', version: 2 });
    await expect(
      transitionCase(handle.db, { table: tickets, history, current: ticket, to: 'ACCEPTED', expectedVersion: 2, actorSub: 'x', set: { subject: 'again' } }),
    ).rejects.toMatchObject({ extensions: { code: 'BAD_USER_INPUT' } });
    const [stored] = await handle.db.select().from(tickets).where(eq(tickets.id, ticket.id));
    expect(stored).toMatchObject({ subject: 'renamed', version: 2 });
  });

  it('refuses an illegal move and writes nothing', async () => {
    const ticket = await open();
    await expect(
      transitionCase(handle.db, { table: tickets, history, current: ticket, to: 'PROCESSING', expectedVersion: 1, actorSub: 'x' }),
    ).rejects.toMatchObject({ extensions: { code: 'BAD_USER_INPUT', allowed: ['ACCEPTED'] } });
    expect(await historyOf(ticket.id)).toEqual([]);
  });

  it('lets only one of two concurrent moves win', async () => {
    const ticket = await open();
    const results = await Promise.allSettled(
      (['ACCEPTED', 'ACCEPTED'] as const).map((to) =>
        transitionCase(handle.db, { table: tickets, history, current: ticket, to, expectedVersion: ticket.version, actorSub: 'x' }),
      ),
    );
    expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(1);
    expect(results.find((r) => r.status === 'rejected')).toMatchObject({ reason: { extensions: { code: 'CONFLICT' } } });
    expect(await historyOf(ticket.id)).toHaveLength(1);
  });

  it('raises by hand one tier with a new deadline, and not past the top', async () => {
    let ticket = await open();
    const deadline = new Date(Date.now() + 86_400_000);
    ticket = await raiseCase(handle.db, { table: tickets, history, current: ticket, expectedVersion: ticket.version, deadline, actorSub: 'chief', note: 'beyond the grid' });
    expect(ticket).toMatchObject({ tier: 'COMMUNITY', deadline });
    for (const tier of ['SUBDISTRICT', 'CITY']) {
      ticket = await raiseCase(handle.db, { table: tickets, history, current: ticket, expectedVersion: ticket.version, deadline, actorSub: 'chief' });
      expect(ticket.tier).toBe(tier);
    }
    await expect(raiseCase(handle.db, { table: tickets, history, current: ticket, expectedVersion: ticket.version, deadline, actorSub: 'chief' })).rejects.toMatchObject({
      extensions: { code: 'BAD_USER_INPUT' },
    });
    expect((await historyOf(ticket.id)).map((s) => [s.kind, s.fromTier, s.toTier])).toEqual([
      ['RAISE', 'GRID', 'COMMUNITY'],
      ['RAISE', 'COMMUNITY', 'SUBDISTRICT'],
      ['RAISE', 'SUBDISTRICT', 'CITY'],
    ]);
  });

  it('sweeps each overdue open case up exactly once, even with two sweeps at once', async () => {
    await handle.db.delete(tickets);
    const overdue = await open(hourAgo());
    const due = await open(new Date(Date.now() + 3_600_000));
    const finished = await open(hourAgo());
    await handle.db.update(tickets).set({ status: 'CLOSED' }).where(eq(tickets.id, finished.id));
    const sweeps = await Promise.all([0, 1].map(() => sweepOverdueCases(handle.db, { table: tickets, history, nextDeadlineMs: 86_400_000 })));
    expect(sweeps.flat().map((r) => [r.id, r.tier, r.to])).toEqual([[overdue.id, 'GRID', 'COMMUNITY']]);
    const rows = Object.fromEntries((await handle.db.select().from(tickets)).map((t) => [t.id, t]));
    expect(rows[overdue.id]).toMatchObject({ tier: 'COMMUNITY', version: 2 });
    expect(rows[overdue.id]!.deadline!.getTime()).toBeGreaterThan(Date.now());
    expect(rows[due.id]).toMatchObject({ tier: 'GRID', version: 1 });
    expect(rows[finished.id]).toMatchObject({ tier: 'GRID' });
    expect((await historyOf(overdue.id)).map((s) => [s.kind, s.actorSub])).toEqual([['RAISE', 'sweep']]);
    // Swept again later: not overdue any more at its new tier, so nothing happens.
    expect(await sweepOverdueCases(handle.db, { table: tickets, history, nextDeadlineMs: 86_400_000 })).toEqual([]);
  });
});
