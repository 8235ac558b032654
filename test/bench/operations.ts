/**
 * The benchmark's operations. Each reaches every subgraph; the limit server (limit.ts) answers the same JSON from one
 * hand-written SQL statement. Fields whose value changes by itself (heartbeats, overdue flags) are left out so the two
 * answers can be compared byte for byte.
 */

/** (a) One resident's overview: DESIGN's ResidentOverview, restricted to stable fields of all five subgraphs. */
export const RESIDENT_OVERVIEW = `query BenchResidentOverview($id: ID!) {
  resident(id: $id) {
    id name age phone
    household { address building { id elevatorRetrofit { phase } } }
    grid { name workers(first: 5) { edges { node { name phone } } } }
    elderlyCare { capabilityLevel livingArrangement mealPlan { point { name } } lastVisit { visitedAt } }
    safetyDevices { kind batteryPercent }
    environmentReports(first: 5) { edges { node { category status } } }
  }
}`;

/** (b) A grid worker's list: the first `first` residents of a grid, each with fields from every subgraph. */
export const GRID_RESIDENTS = `query BenchGridResidents($grid: ID!, $first: Int!) {
  grid(id: $grid) {
    name
    residents(first: $first) {
      edges {
        node {
          id name age
          household { address building { elevatorRetrofit { phase } } }
          elderlyCare { livingArrangement mealPlan { point { name } } lastVisit { visitedAt } }
          safetyDevices { kind batteryPercent }
          environmentReports(first: 1) { edges { node { category } } }
        }
      }
    }
  }
}`;

/**
 * (c) The write mix: the three creates of DESIGN's daily work, each answering what it wrote. Ids of meal orders and
 * alarms are random, so the pre-measure comparison masks them (run.ts); the vote's id is `<consent>:<household>`.
 * userErrors without their message: the limit reproduces the codes and fields, not the wording.
 */
export const PLACE_MEAL_ORDER = `mutation BenchPlaceMealOrder($input: PlaceMealOrderInput!) {
  placeMealOrder(input: $input) {
    mealOrder { id servedOn mode status listPriceCents governmentSubsidyCents operatorDiscountCents elderPaysCents }
    userErrors { code field }
    clientMutationId
  }
}`;

export const CAST_CONSENT_VOTE = `mutation BenchCastConsentVote($input: CastConsentVoteInput!) {
  castConsentVote(input: $input) {
    consentVote { id choice method revision }
    userErrors { code field }
    clientMutationId
  }
}`;

export const RAISE_ALARM = `mutation BenchRaiseAlarm($input: RaiseAlarmInput!) {
  raiseAlarm(input: $input) {
    alarm { id kind status version }
    userErrors { code field }
    clientMutationId
  }
}`;
