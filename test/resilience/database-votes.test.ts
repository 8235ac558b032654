import { eq } from 'drizzle-orm';
import { consentVoteHistory, consentVotes } from '../../services/housing/tables';
import { client, dataOf, retrofitWithRoll, useHousingStack, USER_ERRORS, type UserErrorValue } from '../housing/fixtures';

/**
 * A vote is never counted twice: 200 votes sent at once for ONE household, through the gateway on PostgreSQL's pool,
 * leave one counted vote (the primary key is the household) and 200 numbered revisions in its history. (Many households
 * at once: test/housing/concurrency.test.ts.)
 */
const onPostgres = process.env.DATABASE_URL ? describe : describe.skip;
const world = useHousingStack();
const VOTES = 200;

onPostgres('one household voting hundreds of times at once', () => {
  it(`counts one vote and records ${VOTES} revisions, the counted one the last`, async () => {
    const household = 'storm-000';
    const { retrofitId, consentId } = await retrofitWithRoll(world.stack, 'storm', [{ householdId: household, floor: 5, area: 8_000 }]);
    type Cast = { castConsentVote: { consentVote: { choice: string; revision: number } | null; userErrors: UserErrorValue[] } };
    const CAST = `mutation($input: CastConsentVoteInput!) { castConsentVote(input: $input) { consentVote { choice revision } ${USER_ERRORS} } }`;
    const asOfficer = client(world.stack.gateway.url, world.token.housingOfficer);
    const answers = await Promise.all(
      Array.from({ length: VOTES }, (_, i) => asOfficer<Cast>(CAST, { input: { retrofitId, householdId: household, choice: i % 2 ? 'AGREE' : 'DISAGREE' } })),
    );
    for (const answer of answers) expect(dataOf(answer).castConsentVote.userErrors).toEqual([]);

    const counted = await world.stack.handle.db.select().from(consentVotes).where(eq(consentVotes.consentId, consentId));
    expect(counted).toHaveLength(1);
    const history = await world.stack.handle.db.select().from(consentVoteHistory).where(eq(consentVoteHistory.consentId, consentId));
    expect(history.map((h) => h.revision).sort((a, b) => a - b)).toEqual(Array.from({ length: VOTES }, (_, i) => i + 1));
    const last = history.find((h) => h.revision === VOTES)!;
    expect(counted[0]).toMatchObject({ householdId: household, revision: VOTES, choice: last.choice });
    process.stdout.write(`castConsentVote x${VOTES}, one household: ${counted.length} counted vote, ${history.length} history rows\n`);
  });
});
