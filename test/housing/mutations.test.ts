import { asc, eq } from 'drizzle-orm';
import { DEMO_IDS } from '../../services/demo';
import { applyCommunityEvents } from '../../services/housing/community';
import { toChange, type CommunityEvent } from '../../services/domain/community-events';
import type { ChangeEvent } from '../../services/kit/feed';
import { consents, consentVoteHistory, consentVotes, elevatorRetrofits, renovationPhaseTransitions, renovationProjects, rollEntries } from '../../services/housing/tables';
import { client, dataOf, errorOf, freeWalkUps, householdsOf, residentOf, retrofitVersion, useHousingStack, USER_ERRORS, userErrorOf, type UserErrorValue } from './fixtures';

const world = useHousingStack();
const asOfficer = () => client(world.stack.gateway.url, world.token.housingOfficer);

/** createRenovationProject's and advanceRenovationPhase's payloads, as these tests select them. */
type Created = { createRenovationProject: { renovationProject: { id: string } | null; userErrors: UserErrorValue[] } };
type Advanced = { advanceRenovationPhase: { renovationProject: unknown; userErrors: UserErrorValue[] } };

interface RetrofitPayload {
  elevatorRetrofit: { id: string; phase: string; version: number; allowedTransitions: string[] } | null;
  userErrors: UserErrorValue[];
}
const RETROFIT = `elevatorRetrofit { id phase version allowedTransitions } ${USER_ERRORS}`;
const PROPOSE = `mutation($input: ProposeElevatorRetrofitInput!) { proposeElevatorRetrofit(input: $input) { ${RETROFIT} } }`;
const OPEN = `mutation($input: OpenConsentInput!) { openConsent(input: $input) { ${RETROFIT} } }`;
const CLOSE = `mutation($input: CloseConsentInput!) { closeConsent(input: $input) { ${RETROFIT} } }`;
const ADVANCE = `mutation($input: AdvanceRetrofitPhaseInput!) { advanceRetrofitPhase(input: $input) { ${RETROFIT} } }`;
const CAST = `mutation($input: CastConsentVoteInput!) { castConsentVote(input: $input) { consentVote { choice method revision household { id } } ${USER_ERRORS} } }`;
interface VotePayload {
  castConsentVote: { consentVote: { choice: string; method: string; revision: number; household: { id: string } } | null; userErrors: UserErrorValue[] } | null;
}

const walkUps = freeWalkUps();
let next = 0;
/** A walk-up of the big compound no other test uses. */
const takeWalkUp = () => walkUps[next++]!;

async function propose(buildingId: string, extra: Record<string, unknown> = {}) {
  const answer = await asOfficer()<{ proposeElevatorRetrofit: RetrofitPayload }>(PROPOSE, {
    input: { buildingId, totalCostCents: 68_000_000, governmentSubsidyCents: 20_000_000, preparationGroup: [{ name: '王建国', role: '组长' }], ...extra },
  });
  return dataOf(answer).proposeElevatorRetrofit;
}

async function proposeAndOpen(buildingId: string) {
  const proposed = (await propose(buildingId)).elevatorRetrofit!;
  const opened = dataOf(await asOfficer()<{ openConsent: RetrofitPayload }>(OPEN, { input: { id: proposed.id, expectedVersion: proposed.version } })).openConsent;
  expect(opened.userErrors).toEqual([]);
  return opened.elevatorRetrofit!;
}

describe('an elevator retrofit from proposal to consent', () => {
  it('fixes the roll from community when consent opens: every household of the building with its floor and area', async () => {
    const buildingId = takeWalkUp();
    const proposed = await propose(buildingId);
    expect(proposed.elevatorRetrofit).toMatchObject({ phase: 'PROPOSED', version: 1, allowedTransitions: ['CONSENT_COLLECTING'] });
    const opened = dataOf(await asOfficer()<{ openConsent: RetrofitPayload }>(OPEN, { input: { id: proposed.elevatorRetrofit!.id, expectedVersion: 1 } })).openConsent;
    expect(opened.elevatorRetrofit).toMatchObject({ phase: 'CONSENT_COLLECTING', version: 2, allowedTransitions: ['PUBLICIZED', 'REJECTED'] });

    const [consent] = await world.stack.handle.db.select().from(consents).where(eq(consents.retrofitId, proposed.elevatorRetrofit!.id));
    const roll = await world.stack.handle.db.select().from(rollEntries).where(eq(rollEntries.consentId, consent!.id)).orderBy(asc(rollEntries.householdId));
    const expected = householdsOf(buildingId).sort((a, b) => a.id.localeCompare(b.id));
    expect(roll.map((r) => [r.householdId, r.floor, r.areaHundredths])).toEqual(expected.map((h) => [h.id, h.floor, Math.round(h.areaM2 * 100)]));
  });

  it('refuses a second retrofit of a building while one is under way, and opening twice', async () => {
    const buildingId = takeWalkUp();
    const retrofit = await proposeAndOpen(buildingId);
    expect(userErrorOf(await propose(buildingId), 'CONFLICT').message).toMatch(/already under way/);
    const again = dataOf(await asOfficer()<{ openConsent: RetrofitPayload }>(OPEN, { input: { id: retrofit.id, expectedVersion: retrofit.version } })).openConsent;
    expect(userErrorOf(again, 'BAD_USER_INPUT').message).toMatch(/CONSENT_COLLECTING can only move to PUBLICIZED or REJECTED/);
  });

  it('takes a resident\'s vote for their own household only, replaces it on a re-vote and keeps both in the history', async () => {
    const buildingId = takeWalkUp();
    const retrofit = await proposeAndOpen(buildingId);
    const [mine, theirs] = householdsOf(buildingId);
    const me = await residentOf(mine!.id);
    const asMe = client(world.stack.gateway.url, me.token);

    const first = dataOf(await asMe<VotePayload>(CAST, { input: { retrofitId: retrofit.id, householdId: mine!.id, choice: 'DISAGREE' } })).castConsentVote!;
    expect(first.consentVote).toEqual({ choice: 'DISAGREE', method: 'ONLINE', revision: 1, household: { id: mine!.id } });
    const second = dataOf(await asMe<VotePayload>(CAST, { input: { retrofitId: retrofit.id, householdId: mine!.id, choice: 'AGREE' } })).castConsentVote!;
    expect(second.consentVote).toMatchObject({ choice: 'AGREE', revision: 2 });

    const votes = await world.stack.handle.db.select().from(consentVotes).where(eq(consentVotes.householdId, mine!.id));
    expect(votes.map((v) => v.choice)).toEqual(['AGREE']);
    const history = await world.stack.handle.db.select().from(consentVoteHistory).where(eq(consentVoteHistory.householdId, mine!.id)).orderBy(asc(consentVoteHistory.revision));
    expect(history.map((h) => [h.revision, h.choice, h.castBy])).toEqual([
      [1, 'DISAGREE', `resident:${me.residentId}`],
      [2, 'AGREE', `resident:${me.residentId}`],
    ]);

    // Another household's vote: FORBIDDEN, nothing written. A resident cannot pose as a written ballot.
    errorOf(await asMe(CAST, { input: { retrofitId: retrofit.id, householdId: theirs!.id, choice: 'AGREE' } }), 'FORBIDDEN');
    expect(await world.stack.handle.db.select().from(consentVotes).where(eq(consentVotes.householdId, theirs!.id))).toEqual([]);
    const written = dataOf(await asMe<VotePayload>(CAST, { input: { retrofitId: retrofit.id, householdId: mine!.id, choice: 'AGREE', method: 'WRITTEN' } })).castConsentVote;
    expect(userErrorOf(written, 'BAD_USER_INPUT').field).toEqual(['input', 'method']);
    // A grid worker may not vote at all.
    errorOf(await client(world.stack.gateway.url, world.token.gridWorker)(CAST, { input: { retrofitId: retrofit.id, householdId: mine!.id, choice: 'AGREE' } }), 'FORBIDDEN');
  });

  it('records an officer\'s written ballot, and refuses households off the roll and unknown retrofits', async () => {
    const buildingId = takeWalkUp();
    const retrofit = await proposeAndOpen(buildingId);
    const [household] = householdsOf(buildingId);
    const ballot = dataOf(await asOfficer()<VotePayload>(CAST, { input: { retrofitId: retrofit.id, householdId: household!.id, choice: 'ABSTAIN' } })).castConsentVote!;
    expect(ballot.consentVote).toMatchObject({ choice: 'ABSTAIN', method: 'WRITTEN' });
    const offRoll = dataOf(await asOfficer()<VotePayload>(CAST, { input: { retrofitId: retrofit.id, householdId: DEMO_IDS.household, choice: 'AGREE' } })).castConsentVote;
    expect(userErrorOf(offRoll, 'BAD_USER_INPUT').field).toEqual(['input', 'householdId']);
    const unknown = dataOf(await asOfficer()<VotePayload>(CAST, { input: { retrofitId: 'no-such-retrofit', householdId: household!.id, choice: 'AGREE' } })).castConsentVote;
    expect(userErrorOf(unknown, 'NOT_FOUND').field).toEqual(['input', 'retrofitId']);
    const online = dataOf(await asOfficer()<VotePayload>(CAST, { input: { retrofitId: retrofit.id, householdId: household!.id, choice: 'AGREE', method: 'ONLINE' } })).castConsentVote;
    userErrorOf(online, 'BAD_USER_INPUT');
  });

  it('closes approved at exactly 2/3 taking part and 3/4 of them agreeing, then moves forward only through design', async () => {
    const buildingId = takeWalkUp();
    const retrofit = await proposeAndOpen(buildingId);
    // Make the roll's areas equal, so counts and areas reach the thresholds together (12 households: 8 take part, 6 agree).
    const [consent] = await world.stack.handle.db.select().from(consents).where(eq(consents.retrofitId, retrofit.id));
    const roll = await world.stack.handle.db.select().from(rollEntries).where(eq(rollEntries.consentId, consent!.id)).orderBy(asc(rollEntries.householdId));
    const twelve = roll.slice(0, 12);
    await world.stack.handle.db.delete(rollEntries).where(eq(rollEntries.consentId, consent!.id));
    await world.stack.handle.db.insert(rollEntries).values(twelve.map((r) => ({ ...r, areaHundredths: 8_000 })));
    for (const [i, entry] of twelve.slice(0, 8).entries()) {
      await asOfficer()(CAST, { input: { retrofitId: retrofit.id, householdId: entry.householdId, choice: i < 6 ? 'AGREE' : 'DISAGREE' } });
    }
    const CONSENT = `query($id: ID!) { elevatorRetrofit(id: $id) { consent { participationShare agreedShare quorumMet approved participatingAreaM2 agreeingAreaM2 } } }`;
    expect(dataOf(await asOfficer()<{ elevatorRetrofit: { consent: unknown } }>(CONSENT, { id: retrofit.id })).elevatorRetrofit.consent).toEqual({
      participationShare: '0.6666',
      agreedShare: '0.7500',
      quorumMet: true,
      approved: true,
      participatingAreaM2: '640.00',
      agreeingAreaM2: '480.00',
    });

    const stale = dataOf(await asOfficer()<{ closeConsent: RetrofitPayload }>(CLOSE, { input: { id: retrofit.id, expectedVersion: 1 } })).closeConsent;
    expect(userErrorOf(stale, 'CONFLICT').currentVersion).toBe(2);
    expect((await world.stack.handle.db.select().from(consents).where(eq(consents.id, consent!.id)))[0]!.status).toBe('OPEN');

    const closed = dataOf(await asOfficer()<{ closeConsent: RetrofitPayload }>(CLOSE, { input: { id: retrofit.id, expectedVersion: 2 } })).closeConsent;
    expect(closed.elevatorRetrofit).toMatchObject({ phase: 'PUBLICIZED', version: 3, allowedTransitions: ['DESIGN'] });
    const late = dataOf(await asOfficer()<VotePayload>(CAST, { input: { retrofitId: retrofit.id, householdId: twelve[11]!.householdId, choice: 'AGREE' } })).castConsentVote;
    userErrorOf(late, 'CONFLICT');

    const skip = dataOf(await asOfficer()<{ advanceRetrofitPhase: RetrofitPayload }>(ADVANCE, { input: { id: retrofit.id, expectedVersion: 3, to: 'CONSTRUCTION' } })).advanceRetrofitPhase;
    expect(userErrorOf(skip, 'BAD_USER_INPUT').message).toMatch(/can only move to DESIGN/);
    const design = dataOf(await asOfficer()<{ advanceRetrofitPhase: RetrofitPayload }>(ADVANCE, { input: { id: retrofit.id, expectedVersion: 3, to: 'DESIGN' } })).advanceRetrofitPhase;
    expect(design.elevatorRetrofit).toMatchObject({ phase: 'DESIGN', version: 4 });
  });

  it('closes REJECTED one household short of the quorum, and refuses consent phases through advanceRetrofitPhase', async () => {
    const buildingId = takeWalkUp();
    const retrofit = await proposeAndOpen(buildingId);
    const households = householdsOf(buildingId);
    const short = Math.ceil((households.length * 2) / 3) - 1;
    for (const household of households.slice(0, short)) await asOfficer()(CAST, { input: { retrofitId: retrofit.id, householdId: household.id, choice: 'AGREE' } });
    const sneaky = dataOf(await asOfficer()<{ advanceRetrofitPhase: RetrofitPayload }>(ADVANCE, { input: { id: retrofit.id, expectedVersion: 2, to: 'PUBLICIZED' } })).advanceRetrofitPhase;
    expect(userErrorOf(sneaky, 'BAD_USER_INPUT').message).toMatch(/closeConsent/);
    const closed = dataOf(await asOfficer()<{ closeConsent: RetrofitPayload }>(CLOSE, { input: { id: retrofit.id, expectedVersion: await retrofitVersion(world.stack, retrofit.id) } })).closeConsent;
    expect(closed.elevatorRetrofit).toMatchObject({ phase: 'REJECTED', allowedTransitions: [] });
    // The building may try again with a new proposal.
    expect((await propose(buildingId)).elevatorRetrofit).toMatchObject({ phase: 'PROPOSED' });
  });

  it('refuses proposals for buildings community does not know, and officers\' work to residents', async () => {
    userErrorOf(await propose('building-9999'), 'NOT_FOUND');
    const me = await residentOf(householdsOf(DEMO_IDS.thirdElevatorBuilding)[0]!.id);
    errorOf(await client(world.stack.gateway.url, me.token)(PROPOSE, { input: { buildingId: takeWalkUp(), totalCostCents: 1, governmentSubsidyCents: 0, preparationGroup: [] } }), 'FORBIDDEN');
  });

  it('creates once per idempotencyKey: a retry gets the same retrofit, another input with the key is CONFLICT', async () => {
    const buildingId = takeWalkUp();
    const first = await propose(buildingId, { idempotencyKey: `propose-${buildingId}` });
    const retry = await propose(buildingId, { idempotencyKey: `propose-${buildingId}` });
    expect(retry.elevatorRetrofit!.id).toBe(first.elevatorRetrofit!.id);
    userErrorOf(await propose(buildingId, { idempotencyKey: `propose-${buildingId}`, totalCostCents: 1 }), 'CONFLICT');
    expect(await world.stack.handle.db.select().from(elevatorRetrofits).where(eq(elevatorRetrofits.buildingId, buildingId))).toHaveLength(1);
  });
});

describe('renovation projects', () => {
  const CREATE = `mutation($input: CreateRenovationProjectInput!) { createRenovationProject(input: $input) { renovationProject { id phase version totalCostCents allowedTransitions items { category costCents fundingSource quantity } } ${USER_ERRORS} } }`;
  const ITEMS = [
    { category: 'BASIC', scope: 'roof waterproofing', quantity: '1200.5', unit: 'm²', costCents: 3_000_000_000, fundingSource: 'GOVERNMENT' },
    { category: 'UPGRADE', scope: 'elder care station', quantity: '1', unit: 'site', costCents: 35_000_000, fundingSource: 'RESIDENTS' },
  ];

  it('creates in SURVEY with the items\' cost past 2^31 cents, and moves one phase forward at a time with the version read', async () => {
    const created = dataOf(await asOfficer()<Created>(CREATE, { input: { compoundId: 'compound-03', title: '翻新', items: ITEMS, idempotencyKey: 'reno-1' } })).createRenovationProject;
    expect(created.userErrors).toEqual([]);
    expect(created.renovationProject).toMatchObject({ phase: 'SURVEY', version: 1, totalCostCents: 3_035_000_000, allowedTransitions: ['CONSULTATION'] });
    const id = created.renovationProject!.id;
    const retry = dataOf(await asOfficer()<Created>(CREATE, { input: { compoundId: 'compound-03', title: '翻新', items: ITEMS, idempotencyKey: 'reno-1' } })).createRenovationProject;
    expect(retry.renovationProject!.id).toBe(id);

    const ADVANCE_PHASE = `mutation($input: AdvanceRenovationPhaseInput!) { advanceRenovationPhase(input: $input) { renovationProject { phase version phaseHistory { from to note } } ${USER_ERRORS} } }`;
    const skip = dataOf(await asOfficer()<Advanced>(ADVANCE_PHASE, { input: { id, expectedVersion: 1, to: 'PLAN' } })).advanceRenovationPhase;
    userErrorOf(skip, 'BAD_USER_INPUT');
    const moved = dataOf(await asOfficer()<Advanced>(ADVANCE_PHASE, { input: { id, expectedVersion: 1, to: 'CONSULTATION', note: 'survey done' } })).advanceRenovationPhase;
    expect(moved.renovationProject).toEqual({ phase: 'CONSULTATION', version: 2, phaseHistory: [{ from: 'SURVEY', to: 'CONSULTATION', note: 'survey done' }] });
    const stale = dataOf(await asOfficer()<Advanced>(ADVANCE_PHASE, { input: { id, expectedVersion: 1, to: 'PLAN' } })).advanceRenovationPhase;
    expect(userErrorOf(stale, 'CONFLICT').currentVersion).toBe(2);
    expect(await world.stack.handle.db.select().from(renovationPhaseTransitions).where(eq(renovationPhaseTransitions.projectId, id))).toHaveLength(1);
  });

  it('refuses bad input whole: unknown compounds, no items, negative costs, progress past 100', async () => {
    const unknown = dataOf(await asOfficer()<Created>(CREATE, { input: { compoundId: 'compound-99', title: 'x', items: ITEMS } })).createRenovationProject;
    expect(userErrorOf(unknown, 'NOT_FOUND').field).toEqual(['input', 'compoundId']);
    errorOf(await asOfficer()(CREATE, { input: { compoundId: 'compound-03', title: 'x', items: [] } }), 'BAD_USER_INPUT');
    errorOf(await asOfficer()(CREATE, { input: { compoundId: 'compound-03', title: 'x', items: [{ ...ITEMS[0], costCents: -1 }] } }), 'BAD_USER_INPUT');
    const [project] = await world.stack.handle.db.select().from(renovationProjects).limit(1);
    errorOf(
      await asOfficer()(`mutation { updateRenovationProgress(input: { id: "${project!.id}", expectedVersion: ${project!.version}, progressPercent: 101 }) { userErrors { code } } }`),
      'BAD_USER_INPUT',
    );
  });
});

describe("community's change feed", () => {
  const events = (list: CommunityEvent[], from = 1): ChangeEvent[] =>
    list.map((event, i) => ({ position: from + i, ...toChange(event), occurredAt: new Date().toISOString() }));

  it('moves a retrofit to its building\'s new grid, idempotently, and never changes a roll', async () => {
    const retrofit = await proposeAndOpen(takeWalkUp());
    const [row] = await world.stack.handle.db.select().from(elevatorRetrofits).where(eq(elevatorRetrofits.id, retrofit.id));
    const [consent] = await world.stack.handle.db.select().from(consents).where(eq(consents.retrofitId, retrofit.id));
    const rollBefore = await world.stack.handle.db.select().from(rollEntries).where(eq(rollEntries.consentId, consent!.id)).orderBy(asc(rollEntries.householdId));
    const household = rollBefore[0]!.householdId;
    const batch = events([
      { kind: 'RESIDENT_MOVED', residentId: 'resident-x', householdId: household, buildingId: 'building-0001', gridId: 'grid-009', communityId: 'community-02' },
      { kind: 'RESIDENT_DEREGISTERED', residentId: 'resident-y', reason: 'MOVED_AWAY' },
      { kind: 'BUILDING_REASSIGNED', buildingId: row!.buildingId, gridId: 'grid-042', communityId: 'community-01', householdIds: rollBefore.map((r) => r.householdId) },
    ]);
    for (let twice = 0; twice < 2; twice++) await world.stack.handle.db.transaction((tx) => applyCommunityEvents(tx, batch));
    const [after] = await world.stack.handle.db.select().from(elevatorRetrofits).where(eq(elevatorRetrofits.id, retrofit.id));
    expect(after).toMatchObject({ gridId: 'grid-042', version: row!.version, status: row!.status });
    expect(await world.stack.handle.db.select().from(rollEntries).where(eq(rollEntries.consentId, consent!.id)).orderBy(asc(rollEntries.householdId))).toEqual(rollBefore);
  });
});
