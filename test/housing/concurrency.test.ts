import { asc, count, eq } from 'drizzle-orm';
import { consentVoteHistory, consentVotes, elevatorRetrofits, renovationProjects, retrofitPhaseTransitions } from '../../services/housing/tables';
import { client, dataOf, retrofitWithRoll, useHousingStack, USER_ERRORS, type UserErrorValue } from './fixtures';

/**
 * The heart of the housing subgraph: a wrong tally is a legal problem. Run against PostgreSQL (real concurrency, a
 * pool of connections); on the in-memory database (one connection) requests merely queue, which proves less.
 */
const world = useHousingStack();
if (!process.env.DATABASE_URL) console.warn('housing concurrency tests: DATABASE_URL is unset, so they run on PGlite (one connection) and prove less');

const housing = () => client(world.stack.subgraphs.housing!.url, world.token.housingOfficer);

interface VotePayload {
  castConsentVote: { consentVote: { choice: string; revision: number } | null; userErrors: UserErrorValue[] };
}
const CAST = `mutation($input: CastConsentVoteInput!) { castConsentVote(input: $input) { consentVote { choice revision } ${USER_ERRORS} } }`;
const cast = (retrofitId: string, householdId: string, choice: string) => housing()<VotePayload>(CAST, { input: { retrofitId, householdId, choice } });

interface ConsentPayload {
  elevatorRetrofit: {
    phase: string;
    consent: {
      status: string;
      eligibleHouseholds: number;
      eligibleAreaM2: string;
      participatingHouseholds: number;
      participatingAreaM2: string;
      agreeingHouseholds: number;
      agreeingAreaM2: string;
      participationShare: string;
      agreedShare: string;
      quorumMet: boolean;
      approved: boolean;
    };
  };
}
const CONSENT = `query($id: ID!) { elevatorRetrofit(id: $id) { phase consent { status eligibleHouseholds eligibleAreaM2 participatingHouseholds participatingAreaM2 agreeingHouseholds agreeingAreaM2 participationShare agreedShare quorumMet approved } } }`;
const consentOf = async (id: string) => dataOf(await housing()<ConsentPayload>(CONSENT, { id })).elevatorRetrofit;

const CLOSE = `mutation($input: CloseConsentInput!) { closeConsent(input: $input) { elevatorRetrofit { phase version } ${USER_ERRORS} } }`;

const households = (prefix: string, n: number) => Array.from({ length: n }, (_, i) => `${prefix}-${String(i).padStart(3, '0')}`);

describe('300 households voting at once, 100 of them re-voting concurrently', () => {
  it('counts exactly one vote per household, the last one each cast, and keeps every vote in the history', async () => {
    const ids = households('crowd', 300);
    // 100.00 m² each: 3/4 of the households is 3/4 of the area, so round 2 lands exactly on the approval threshold.
    const { retrofitId, consentId } = await retrofitWithRoll(world.stack, 'crowd', ids.map((householdId, i) => ({ householdId, floor: 3 + (i % 5), area: 10_000 })));

    // Round 1: 300 first votes and 100 re-votes (of households 0–99, the other way), all at once.
    const first = ids.map((id, i) => cast(retrofitId, id, i < 225 ? 'AGREE' : 'DISAGREE'));
    const again = ids.slice(0, 100).map((id) => cast(retrofitId, id, 'DISAGREE'));
    const answers = await Promise.all([...first, ...again]);
    for (const answer of answers) expect(dataOf(answer).castConsentVote.userErrors).toEqual([]);

    const votes = await world.stack.handle.db.select().from(consentVotes).where(eq(consentVotes.consentId, consentId)).orderBy(asc(consentVotes.householdId));
    expect(votes.map((v) => v.householdId)).toEqual(ids);
    const history = await world.stack.handle.db.select().from(consentVoteHistory).where(eq(consentVoteHistory.consentId, consentId));
    expect(history).toHaveLength(400);
    // Each re-voting household's counted vote is its last (revision 2), whichever of its two requests came last.
    for (const vote of votes) {
      const mine = history.filter((h) => h.householdId === vote.householdId).sort((a, b) => a.revision - b.revision);
      expect(mine.map((h) => h.revision)).toEqual(vote.householdId < 'crowd-100' ? [1, 2] : [1]);
      expect(vote).toMatchObject({ revision: mine.at(-1)!.revision, choice: mine.at(-1)!.choice });
    }
    const agreeing = votes.filter((v) => v.choice === 'AGREE').length;
    expect(await consentOf(retrofitId)).toMatchObject({
      consent: {
        eligibleHouseholds: 300,
        eligibleAreaM2: '30000.00',
        participatingHouseholds: 300,
        participatingAreaM2: '30000.00',
        agreeingHouseholds: agreeing,
        agreeingAreaM2: `${agreeing * 100}.00`,
        participationShare: '1.0000',
      },
    });

    // Round 2: the same 100 households re-vote AGREE at once: 225 of 300 agree, exactly 3/4.
    const round2 = await Promise.all(ids.slice(0, 100).map((id) => cast(retrofitId, id, 'AGREE')));
    for (const answer of round2) expect(dataOf(answer).castConsentVote.consentVote).toMatchObject({ choice: 'AGREE', revision: 3 });
    expect(await consentOf(retrofitId)).toMatchObject({
      consent: { participatingHouseholds: 300, agreeingHouseholds: 225, agreeingAreaM2: '22500.00', agreedShare: '0.7500', quorumMet: true, approved: true },
    });
    const [{ n }] = await world.stack.handle.db.select({ n: count() }).from(consentVoteHistory).where(eq(consentVoteHistory.consentId, consentId));
    expect(n).toBe(500);
  }, 120_000);
});

describe('votes racing closeConsent', () => {
  it('are either counted or CONFLICT, never lost silently', async () => {
    const ids = households('race', 200);
    const { retrofitId, consentId, version } = await retrofitWithRoll(world.stack, 'race', ids.map((householdId) => ({ householdId, floor: 4, area: 9_000 })));
    // The households vote in a steady stream, 20 at a time; when 30 have answered an officer closes the consent, and
    // the stream goes on across the close: votes in flight race it, later ones find it closed.
    const vote = (id: string) => cast(retrofitId, id, 'AGREE').then((answer) => ({ id, payload: dataOf(answer).castConsentVote }));
    const queue = [...ids];
    const voting: Awaited<ReturnType<typeof vote>>[] = [];
    let closing: Promise<unknown> | undefined;
    await Promise.all(
      Array.from({ length: 20 }, async () => {
        for (let id = queue.shift(); id; id = queue.shift()) {
          voting.push(await vote(id));
          if (voting.length === 30) closing = housing()(CLOSE, { input: { id: retrofitId, expectedVersion: version } });
        }
      }),
    );
    const outcomes = voting;
    const closed = (await closing) as { data: { closeConsent: { elevatorRetrofit: { phase: string } | null; userErrors: UserErrorValue[] } } };
    expect(closed.data.closeConsent.userErrors).toEqual([]);

    const counted = outcomes.filter((o) => o.payload.consentVote).map((o) => o.id);
    const refused = outcomes.filter((o) => !o.payload.consentVote);
    for (const { payload } of refused) expect(payload.userErrors.map((e) => e.code)).toEqual(['CONFLICT']);
    expect(counted.length + refused.length).toBe(200);
    expect(counted.length).toBeGreaterThanOrEqual(30);
    expect(refused.length).toBeGreaterThan(0);

    // Exactly the answered votes are stored and counted: none lost, none added after the close.
    const stored = await world.stack.handle.db.select({ householdId: consentVotes.householdId }).from(consentVotes).where(eq(consentVotes.consentId, consentId));
    expect(stored.map((v) => v.householdId).sort()).toEqual(counted.sort());
    const after = await consentOf(retrofitId);
    expect(after.consent).toMatchObject({ status: 'CLOSED', participatingHouseholds: counted.length, agreeingHouseholds: counted.length });
    expect(after.phase).toBe(after.consent.approved ? 'PUBLICIZED' : 'REJECTED');
    expect(closed.data.closeConsent.elevatorRetrofit!.phase).toBe(after.phase);

    // After the close, a vote is CONFLICT and changes nothing.
    const late = dataOf(await cast(retrofitId, refused[0]!.id, 'AGREE')).castConsentVote;
    expect(late.userErrors.map((e) => e.code)).toEqual(['CONFLICT']);
    expect(await consentOf(retrofitId)).toEqual(after);
  }, 120_000);
});

describe('a phase update with a stale version', () => {
  it('is CONFLICT with the current version when two officers advance the same retrofit at once, and loses nothing', async () => {
    const { retrofitId } = await retrofitWithRoll(world.stack, 'stale', [{ householdId: 'stale-h', floor: 3, area: 8_000 }]);
    await world.stack.handle.db.update(elevatorRetrofits).set({ status: 'PUBLICIZED', version: 5 }).where(eq(elevatorRetrofits.id, retrofitId));
    const ADVANCE = `mutation($input: AdvanceRetrofitPhaseInput!) { advanceRetrofitPhase(input: $input) { elevatorRetrofit { phase version } ${USER_ERRORS} } }`;
    interface AdvancePayload {
      advanceRetrofitPhase: { elevatorRetrofit: { phase: string; version: number } | null; userErrors: UserErrorValue[] };
    }
    const answers = await Promise.all(
      ['first', 'second'].map((note) => housing()<AdvancePayload>(ADVANCE, { input: { id: retrofitId, expectedVersion: 5, to: 'DESIGN', note } })),
    );
    const payloads = answers.map((a) => dataOf(a).advanceRetrofitPhase);
    const won = payloads.filter((p) => p.elevatorRetrofit);
    const lost = payloads.filter((p) => !p.elevatorRetrofit);
    expect(won).toHaveLength(1);
    expect(won[0]!.elevatorRetrofit).toEqual({ phase: 'DESIGN', version: 6 });
    expect(lost[0]!.userErrors).toEqual([expect.objectContaining({ code: 'CONFLICT', currentVersion: 6, field: ['input', 'expectedVersion'] })]);
    const moves = await world.stack.handle.db.select().from(retrofitPhaseTransitions).where(eq(retrofitPhaseTransitions.retrofitId, retrofitId));
    expect(moves).toHaveLength(1);
    expect(moves[0]).toMatchObject({ from: 'PUBLICIZED', to: 'DESIGN' });
  });

  it('keeps exactly the winner of two concurrent progress updates of a renovation project', async () => {
    const [project] = await world.stack.handle.db
      .insert(renovationProjects)
      .values({ compoundId: 'compound-02', title: 'stale test', items: [], createdBy: 'test', status: 'CONSTRUCTION', progressPercent: 10 })
      .returning();
    const UPDATE = `mutation($input: UpdateRenovationProgressInput!) { updateRenovationProgress(input: $input) { renovationProject { progressPercent version } ${USER_ERRORS} } }`;
    interface UpdatePayload {
      updateRenovationProgress: { renovationProject: { progressPercent: number; version: number } | null; userErrors: UserErrorValue[] };
    }
    const answers = await Promise.all([40, 60].map((progressPercent) => housing()<UpdatePayload>(UPDATE, { input: { id: project!.id, expectedVersion: 1, progressPercent } })));
    const payloads = answers.map((a) => dataOf(a).updateRenovationProgress);
    const winner = payloads.find((p) => p.renovationProject)!.renovationProject!;
    expect(payloads.filter((p) => p.userErrors.length)).toEqual([expect.objectContaining({ userErrors: [expect.objectContaining({ code: 'CONFLICT', currentVersion: 2 })] })]);
    const [stored] = await world.stack.handle.db.select().from(renovationProjects).where(eq(renovationProjects.id, project!.id));
    expect(stored).toMatchObject({ progressPercent: winner.progressPercent, version: 2 });
  });
});
