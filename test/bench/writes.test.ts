import { checkWrites, drawWrites, KEY, keyed, kindOf, outcomeOf, refusedWrites, type WriteKind, type WriteSeed, type WriteTally } from './writes';

/**
 * The bench's write check (c): it must fail on a lost or a doubled write, whichever kind, and pass when the rows are
 * exactly the acknowledged successes. Pure: the figures go in as the bench reads them from the database.
 */
const SEED: WriteSeed = {
  elders: ['resident-1', 'resident-2'],
  days: ['2026-12-02', '2026-12-03'],
  ballots: [{ retrofitId: 'retrofit-1', householdId: 'household-1' }],
  devices: ['device-1', 'device-2'],
};

function tally(acked: Record<string, string>, rejected: Record<string, string> = {}): WriteTally {
  return { issued: Object.keys(acked).length + Object.keys(rejected).length, acked, rejected };
}
const kinds = new Map<string, WriteKind>([
  ['r-0', 'mealOrder'],
  ['r-1', 'alarm'],
  ['r-2', 'consentVote'],
  ['r-3', 'consentVote'],
  ['r-4', 'mealOrder'],
]);
const ACKED = { 'r-0': 'order-a', 'r-1': 'alarm-a', 'r-2': 'c:household-1', 'r-3': 'c:household-1' };
const STORED = [
  { kind: 'mealOrder' as const, id: 'order-a', key: 'r-0' },
  { kind: 'alarm' as const, id: 'alarm-a', key: 'r-1' },
];
const NONE = { retried: 0, replayed: 0, votesCutOff: 0 };

test('the rows are exactly the acknowledged successes: nothing lost, nothing doubled, userErrors apart', () => {
  const figures = checkWrites(tally(ACKED, { 'r-4': 'CONFLICT' }), kinds, { keyed: STORED, voteHistory: 2, voteRevisions: 2 }, NONE);
  expect(figures).toMatchObject({ lost: 0, doubled: 0, problems: [] });
  expect(figures.acked).toEqual({ mealOrder: 1, alarm: 1, consentVote: 2 });
  expect(figures.rejected).toEqual({ mealOrder: 1, alarm: 0, consentVote: 0 });
});

test('an acknowledged meal order that is not stored under its key is lost', () => {
  const figures = checkWrites(tally(ACKED), kinds, { keyed: [STORED[1]!, { kind: 'mealOrder', id: 'order-a', key: null }], voteHistory: 2, voteRevisions: 2 }, NONE);
  expect(figures.lost).toBe(1);
  expect(figures.problems).toEqual([expect.stringContaining('r-0')]);
});

test('a second alarm for one key, or a row nobody acknowledged, is doubled', () => {
  const figures = checkWrites(tally(ACKED), kinds, { keyed: [...STORED, { kind: 'alarm', id: 'alarm-b', key: 'r-1' }], voteHistory: 2, voteRevisions: 2 }, NONE);
  expect(figures).toMatchObject({ lost: 0, doubled: 1 });
});

test('votes: a missing history row is lost, rows past the votes cut off by the end of the run are doubled', () => {
  expect(checkWrites(tally(ACKED), kinds, { keyed: STORED, voteHistory: 1, voteRevisions: 2 }, NONE)).toMatchObject({ lost: 1, doubled: 0 });
  expect(checkWrites(tally(ACKED), kinds, { keyed: STORED, voteHistory: 3, voteRevisions: 3 }, { ...NONE, votesCutOff: 1 })).toMatchObject({ lost: 0, doubled: 0 });
  expect(checkWrites(tally(ACKED), kinds, { keyed: STORED, voteHistory: 4, voteRevisions: 4 }, { ...NONE, votesCutOff: 1 })).toMatchObject({ lost: 0, doubled: 2 });
});

test('the mix draws every kind from the seed, with a key wherever the API takes one, the same for the same seed', () => {
  const draw = (seed: number) => () => (seed = (seed * 16807) % 2147483647) / 2147483647;
  const bodies = drawWrites(draw(7), SEED, 60);
  expect(drawWrites(draw(7), SEED, 60)).toEqual(bodies);
  expect(new Set(bodies.map(kindOf))).toEqual(new Set(['mealOrder', 'consentVote', 'alarm']));
  for (const body of [...bodies, ...refusedWrites(SEED)]) {
    const { input } = (JSON.parse(keyed(body, 'run-7')) as { variables: { input: Record<string, string> } }).variables;
    expect(input.clientMutationId).toBe('run-7');
    if (kindOf(body) !== 'consentVote') expect(input.idempotencyKey).toBe('run-7');
    expect(keyed(body, 'run-7')).not.toContain(KEY);
  }
});

test('an answer is told by its clientMutationId: the id written, the userError code, or nothing for an error', () => {
  expect(outcomeOf('{"data":{"raiseAlarm":{"alarm":{"id":"a-1","kind":"SOS"},"userErrors":[],"clientMutationId":"r-1"}}}')).toEqual({ key: 'r-1', id: 'a-1' });
  expect(outcomeOf('{"data":{"placeMealOrder":{"mealOrder":null,"userErrors":[{"code":"CONFLICT","field":["input","servedOn"]}],"clientMutationId":"r-0"}}}')).toEqual({
    key: 'r-0',
    code: 'CONFLICT',
  });
  expect(outcomeOf('{"errors":[{"message":"boom"}],"data":{"raiseAlarm":null}}')).toBeUndefined();
});
