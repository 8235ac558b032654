import { and, asc, desc, eq, inArray, or, sql } from 'drizzle-orm';
import type { Viewer } from '../kit/auth';
import type { Database, Transaction } from '../kit/db';
import { byForeignKeyLoader, byKeyLoader, isAnyOf, preparedByKeys, rowsById } from '../kit/loaders';
import type { SubgraphContext } from '../kit/subgraph';
import type { ConsentCounts } from './rules/consent';
import type { HousingSettings } from './settings';
import {
  consents,
  consentVotes,
  elevatorRetrofits,
  renovationPhaseTransitions,
  renovationProjects,
  retrofitPhaseTransitions,
  rollEntries,
  type ConsentRow,
  type ConsentVoteRow,
  type ElevatorRetrofitRow,
} from './tables';

/** A household's vote on one consent is one record: its id names both (`<consentId>:<householdId>`). */
export const voteIdOf = (vote: { consentId: string; householdId: string }) => `${vote.consentId}:${vote.householdId}`;
const voteKeyOf = (id: string) => {
  const at = id.indexOf(':');
  return at < 0 ? undefined : { consentId: id.slice(0, at), householdId: id.slice(at + 1) };
};

/** A consent's counts and areas, keyed by the consent. */
export type ConsentTally = ConsentCounts & { consentId: string };

/** A household's vote on the latest consent whose roll it is on (null: it has not voted), with that consent. */
export interface HouseholdConsent {
  householdId: string;
  consent: ConsentRow;
  vote: ConsentVoteRow | null;
}

/**
 * The tally of each consent from its roll and its current votes, in ONE statement per batch of consents: every
 * household on the roll counts once, a participating household is one with a vote (ABSTAIN included), an agreeing one
 * votes AGREE. Sums of integer hundredths come back as exact text.
 */
export async function selectTallies(db: Database | Transaction, consentIds: string[]): Promise<ConsentTally[]> {
  const rows = await db
    .select({
      consentId: rollEntries.consentId,
      eligibleHouseholds: sql<number>`count(*)::int`,
      eligibleArea: sql<string>`sum(${rollEntries.areaHundredths})::text`,
      participatingHouseholds: sql<number>`count(${consentVotes.householdId})::int`,
      participatingArea: sql<string>`coalesce(sum(${rollEntries.areaHundredths}) filter (where ${consentVotes.householdId} is not null), 0)::text`,
      agreeingHouseholds: sql<number>`(count(*) filter (where ${consentVotes.choice} = 'AGREE'))::int`,
      agreeingArea: sql<string>`coalesce(sum(${rollEntries.areaHundredths}) filter (where ${consentVotes.choice} = 'AGREE'), 0)::text`,
    })
    .from(rollEntries)
    .leftJoin(consentVotes, and(eq(consentVotes.consentId, rollEntries.consentId), eq(consentVotes.householdId, rollEntries.householdId)))
    .where(inArray(rollEntries.consentId, consentIds))
    .groupBy(rollEntries.consentId);
  return rows.map((r) => ({
    consentId: r.consentId,
    eligibleHouseholds: r.eligibleHouseholds,
    eligibleArea: BigInt(r.eligibleArea),
    participatingHouseholds: r.participatingHouseholds,
    participatingArea: BigInt(r.participatingArea),
    agreeingHouseholds: r.agreeingHouseholds,
    agreeingArea: BigInt(r.agreeingArea),
  }));
}

/**
 * One set of loaders per request: every relation costs one statement per batch, not one per row. Access rules are
 * applied where rows are handed out (resolvers/access), since a resident's rule needs their home, read per request.
 */
export function createHousingLoaders(db: Database, _viewer: Viewer, _settings: HousingSettings) {
  return {
    projectById: rowsById(db, renovationProjects),
    projectTransitions: byForeignKeyLoader(
      async (ids) =>
        await db
          .select()
          .from(renovationPhaseTransitions)
          .where(inArray(renovationPhaseTransitions.projectId, ids))
          .orderBy(asc(renovationPhaseTransitions.at), asc(renovationPhaseTransitions.id)),
      (r) => r.projectId,
    ),
    retrofitById: rowsById(db, elevatorRetrofits),
    /** A building's retrofits, latest first. */
    retrofitsByBuilding: byForeignKeyLoader(
      preparedByKeys<ElevatorRetrofitRow>(db, 'housing.retrofitsByBuilding', (buildingIds) =>
        db
          .select()
          .from(elevatorRetrofits)
          .where(isAnyOf(elevatorRetrofits.buildingId, buildingIds))
          .orderBy(desc(elevatorRetrofits.createdAt), desc(elevatorRetrofits.id)),
      ),
      (r) => r.buildingId,
    ),
    retrofitTransitions: byForeignKeyLoader(
      async (ids) =>
        await db
          .select()
          .from(retrofitPhaseTransitions)
          .where(inArray(retrofitPhaseTransitions.retrofitId, ids))
          .orderBy(asc(retrofitPhaseTransitions.at), asc(retrofitPhaseTransitions.id)),
      (r) => r.retrofitId,
    ),
    consentByRetrofit: byKeyLoader<ConsentRow>(async (ids) => await db.select().from(consents).where(inArray(consents.retrofitId, ids)), (r) => r.retrofitId),
    tallyByConsent: byKeyLoader<ConsentTally>((ids) => selectTallies(db, ids), (r) => r.consentId),
    rollByConsent: byForeignKeyLoader(
      async (ids) => await db.select().from(rollEntries).where(inArray(rollEntries.consentId, ids)).orderBy(asc(rollEntries.householdId)),
      (r) => r.consentId,
    ),
    voteById: byKeyLoader<ConsentVoteRow>(
      async (ids) => {
        const keys = ids.map(voteKeyOf).filter((k) => k !== undefined);
        if (keys.length === 0) return [];
        return await db
          .select()
          .from(consentVotes)
          .where(or(...keys.map((k) => and(eq(consentVotes.consentId, k.consentId), eq(consentVotes.householdId, k.householdId)))));
      },
      voteIdOf,
    ),
    householdConsent: byKeyLoader<HouseholdConsent>(
      async (householdIds) =>
        (
          await db
            .selectDistinctOn([rollEntries.householdId], { householdId: rollEntries.householdId, consent: consents, vote: consentVotes })
            .from(rollEntries)
            .innerJoin(consents, eq(consents.id, rollEntries.consentId))
            .leftJoin(consentVotes, and(eq(consentVotes.consentId, rollEntries.consentId), eq(consentVotes.householdId, rollEntries.householdId)))
            .where(inArray(rollEntries.householdId, householdIds))
            .orderBy(rollEntries.householdId, desc(consents.openedAt), desc(consents.id))
        ).map((r) => ({ householdId: r.householdId, consent: r.consent, vote: r.vote })),
      (r) => r.householdId,
    ),
  };
}

export type HousingLoaders = ReturnType<typeof createHousingLoaders>;
export type HousingContext = SubgraphContext<HousingLoaders, HousingSettings>;
