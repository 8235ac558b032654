import { and, eq, sql } from 'drizzle-orm';
import { Arg, Args, Authorized, Ctx, FieldResolver, ID, Mutation, Resolver, Root } from 'type-graphql';
import type { Capability } from '../../domain/capabilities';
import { actorOf } from '../../domain/people';
import { visibleOrNull } from '../../kit/access';
import { badInput, conflict, forbidden, notFound } from '../../kit/errors';
import { mutate } from '../../kit/mutations';
import { PageArgs, pageOf } from '../../kit/pagination';
import { reference } from '../../kit/references';
import { consentVoteRule, isHousingStaff, type HousingViewer } from '../access';
import { housingViewer } from '../community';
import { voteIdOf, type ConsentTally, type HousingContext } from '../loaders';
import { areaText, decideConsent, shareDecimal, sharesOf, smallerOf, type ConsentCounts } from '../rules/consent';
import type { VoteChoice, VoteMethod } from '../rules/enums';
import { consents, consentVoteHistory, consentVotes, elevatorRetrofits, rollEntries, type ConsentRow, type ConsentVoteRow } from '../tables';
import { HouseholdReference } from '../types/references';
import { CastConsentVoteInput, CastConsentVotePayload, Consent, ConsentVote, ConsentVoteConnection } from '../types/retrofit';
import type { Database, Transaction } from '../../kit/db';

/** A consent as the schema shows it, with its id for its votes. */
export type ConsentValue = Consent & { consentId: string };

const NO_VOTES: ConsentCounts = {
  eligibleHouseholds: 0,
  eligibleArea: 0n,
  participatingHouseholds: 0,
  participatingArea: 0n,
  agreeingHouseholds: 0,
  agreeingArea: 0n,
};

/** The consent's counts, areas, shares and decisions, from its row and its tally (exact; shares shown rounded down). */
export function consentValue(row: ConsentRow, tally: ConsentTally | null): ConsentValue {
  const counts = tally ?? NO_VOTES;
  const shares = sharesOf(counts);
  return {
    consentId: row.id,
    status: row.status,
    allowedTransitions: row.status === 'OPEN' ? ['CLOSED'] : [],
    openedAt: row.openedAt,
    closedAt: row.closedAt,
    eligibleHouseholds: counts.eligibleHouseholds,
    eligibleAreaM2: areaText(counts.eligibleArea),
    participatingHouseholds: counts.participatingHouseholds,
    participatingAreaM2: areaText(counts.participatingArea),
    agreeingHouseholds: counts.agreeingHouseholds,
    agreeingAreaM2: areaText(counts.agreeingArea),
    participatingAreaShare: shareDecimal(shares.participatingArea),
    participatingHouseholdShare: shareDecimal(shares.participatingHouseholds),
    agreeingAreaShare: shareDecimal(shares.agreeingArea),
    agreeingHouseholdShare: shareDecimal(shares.agreeingHouseholds),
    participationShare: shareDecimal(smallerOf(shares.participatingArea, shares.participatingHouseholds)),
    agreedShare: shareDecimal(smallerOf(shares.agreeingArea, shares.agreeingHouseholds)),
    ...decideConsent(counts),
  };
}

/** Who casts a vote for a household, and how: a resident of it online, or housing staff recording a ballot. */
function ballotOf(viewer: HousingViewer, householdId: string, method: VoteMethod | undefined): VoteMethod {
  if (isHousingStaff(viewer)) {
    if (method === 'ONLINE') throw badInput('A housing officer records WRITTEN or MEETING ballots; ONLINE votes are cast by residents.', { field: 'method' });
    return method ?? 'WRITTEN';
  }
  if (!viewer.home || viewer.home.householdId !== householdId) throw forbidden(`Only a resident of household ${householdId} may vote for it.`);
  if (method && method !== 'ONLINE') throw badInput(`A resident votes ONLINE; ${method} ballots are recorded by a housing officer.`, { field: 'method' });
  return 'ONLINE';
}

/**
 * Orders votes and the close of one retrofit's consent: votes take this lock SHARED (they run side by side), closing
 * takes it EXCLUSIVE. PostgreSQL queues lock requests fairly, so a close waits only for the votes already holding it,
 * and votes arriving meanwhile wait behind the close and then find the consent CLOSED. (A row lock FOR SHARE would not
 * do: a stream of new share lockers can starve a waiting UPDATE.) Held until the transaction ends.
 */
export async function lockConsent(tx: Transaction, retrofitId: string, mode: 'vote' | 'close'): Promise<void> {
  const lock = mode === 'vote' ? sql`pg_advisory_xact_lock_shared` : sql`pg_advisory_xact_lock`;
  await tx.execute(sql`select ${lock}(hashtext('housing.consent'), hashtext(${retrofitId}))`);
}

/**
 * Casts or replaces a household's vote in one transaction holding the consent's lock shared (see lockConsent), so it
 * is either counted by a close or refused as CONFLICT after it, never lost. The primary key (consent, household) keeps
 * ONE vote per household; a re-vote replaces it (revision + 1); every vote is appended to the history.
 */
export async function castVote(
  db: Database,
  ballot: { retrofitId: string; householdId: string; choice: VoteChoice; method: VoteMethod; castBy: string },
): Promise<ConsentVoteRow> {
  return db.transaction(async (tx) => {
    await lockConsent(tx, ballot.retrofitId, 'vote');
    const [consent] = await tx.select().from(consents).where(eq(consents.retrofitId, ballot.retrofitId));
    if (!consent) throw badInput(`Elevator retrofit ${ballot.retrofitId} is not collecting consent.`, { field: 'retrofitId' });
    if (consent.status !== 'OPEN') throw conflict(`The consent of elevator retrofit ${ballot.retrofitId} is closed: no vote can be cast or replaced.`);
    const [onRoll] = await tx
      .select({ householdId: rollEntries.householdId })
      .from(rollEntries)
      .where(and(eq(rollEntries.consentId, consent.id), eq(rollEntries.householdId, ballot.householdId)));
    if (!onRoll) throw badInput(`Household ${ballot.householdId} is not on the roll of this consent.`, { field: 'householdId' });
    const [vote] = await tx
      .insert(consentVotes)
      .values({ consentId: consent.id, householdId: ballot.householdId, choice: ballot.choice, method: ballot.method, castBy: ballot.castBy })
      .onConflictDoUpdate({
        target: [consentVotes.consentId, consentVotes.householdId],
        set: {
          choice: ballot.choice,
          method: ballot.method,
          castBy: ballot.castBy,
          castAt: sql`now()`,
          revision: sql`${consentVotes.revision} + 1`,
        },
      })
      .returning();
    await tx.insert(consentVoteHistory).values({
      consentId: vote!.consentId,
      householdId: vote!.householdId,
      choice: vote!.choice,
      method: vote!.method,
      revision: vote!.revision,
      castBy: vote!.castBy,
      castAt: vote!.castAt,
    });
    return vote!;
  });
}

@Resolver(() => Consent)
export class ConsentResolver {
  @FieldResolver(() => ConsentVoteConnection, {
    nullable: true,
    description: 'The votes, in pages by household: every one for housing officers and admins, a resident\'s own household\'s only, none for others.',
  })
  async votes(@Root() consent: ConsentValue, @Args(() => PageArgs) page: PageArgs, @Ctx() ctx: HousingContext) {
    const viewer = await housingViewer(ctx);
    return pageOf(ctx.db, page, {
      where: and(eq(consentVotes.consentId, consent.consentId), consentVoteRule.where(viewer)),
      select: (condition) => ctx.db.select().from(consentVotes).where(condition).$dynamic(),
      key: consentVotes.householdId,
      keyOf: (row) => row.householdId,
    });
  }
}

@Resolver(() => ConsentVote)
export class ConsentVoteResolver {
  @Authorized<Capability>('consent:vote')
  @Mutation(() => CastConsentVotePayload, {
    nullable: true,
    description:
      'Casts a household\'s vote on a retrofit\'s open consent, replacing its earlier one: by a resident of the household (ONLINE), or by a housing officer recording a WRITTEN or MEETING ballot. FORBIDDEN for anyone else; NOT_FOUND for an unknown retrofit; BAD_USER_INPUT if the retrofit is not collecting consent or the household is not on the roll; CONFLICT once the consent is closed.',
  })
  async castConsentVote(@Arg('input', () => CastConsentVoteInput, { description: 'What to do; see the input type.' }) input: CastConsentVoteInput, @Ctx() ctx: HousingContext) {
    const viewer = await housingViewer(ctx);
    return mutate(ctx, input, 'consentVote', async () => {
      const method = ballotOf(viewer, input.householdId, input.method);
      const [retrofit] = await ctx.db.select({ id: elevatorRetrofits.id }).from(elevatorRetrofits).where(eq(elevatorRetrofits.id, input.retrofitId));
      if (!retrofit) throw notFound('Elevator retrofit', input.retrofitId, 'retrofitId');
      return castVote(ctx.db, { retrofitId: input.retrofitId, householdId: input.householdId, choice: input.choice, method, castBy: actorOf(viewer) });
    });
  }

  @FieldResolver(() => ID, { description: 'The vote\'s id: one per household and consent, the same across re-votes.' })
  id(@Root() vote: ConsentVoteRow) {
    return voteIdOf(vote);
  }

  @FieldResolver(() => HouseholdReference, { nullable: true, description: 'The household (户) whose vote it is.' })
  household(@Root() vote: ConsentVoteRow) {
    return reference(vote.householdId);
  }
}

/** A household's vote on the latest consent it is on, if the viewer may see it (its own, or housing staff). */
export async function householdVote(ctx: HousingContext, householdId: string): Promise<ConsentVoteRow | Error | null> {
  const found = await ctx.loaders.householdConsent.load(householdId);
  if (!found || found instanceof Error) return found;
  return found.vote ? visibleVote(ctx, found.vote) : null;
}

/** The vote if the viewer may see it (its household's residents, housing staff), else null as if there were none. */
async function visibleVote(ctx: HousingContext, vote: ConsentVoteRow): Promise<ConsentVoteRow | null> {
  return visibleOrNull(consentVoteRule, await housingViewer(ctx), vote);
}

/** A vote by id, if the viewer may see it; null if there is none. */
export async function readVote(ctx: HousingContext, id: string): Promise<ConsentVoteRow | Error | null> {
  const vote = await ctx.loaders.voteById.load(id);
  return !vote || vote instanceof Error ? vote : visibleVote(ctx, vote);
}
