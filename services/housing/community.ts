/**
 * What housing reads from community, with the caller's own token so community's access rules decide: every
 * selection in ONE place, to adjust when community's schema changes.
 */
import { eq } from 'drizzle-orm';
import { communityEventsOf } from '../domain/community-events';
import type { Transaction } from '../kit/db';
import { badInput, notFound } from '../kit/errors';
import type { ChangeEvent } from '../kit/feed';
import type { HousingViewer, ViewerHome } from './access';
import { isHousingStaff } from './access';
import type { HousingContext, HousingLoaders } from './loaders';
import { areaHundredths } from './rules/consent';
import { elevatorRetrofits } from './tables';

/** A household as the roll keeps it. */
export interface RollHousehold {
  householdId: string;
  unit: number;
  floor: number;
  /** Hundredths of a m². */
  area: bigint;
}

interface CommunityHousehold {
  id: string;
  unit: number;
  floor: number;
  areaM2: string | number;
}

/** community's Building.households, a connection. */
interface PageInfoOf {
  hasNextPage: boolean;
  endCursor: string | null;
}
type CommunityHouseholds = { edges: { node: CommunityHousehold }[]; pageInfo: PageInfoOf };
interface CommunityBuilding {
  households: CommunityHouseholds;
}

const HOUSEHOLD_FIELDS = 'id unit floor areaM2';
/** The selection of a building's households: community's connection, 100 at a time. */
const householdsSelection = (after: string | null) =>
  `households(first: 100${after ? `, after: ${JSON.stringify(after)}` : ''}) { edges { node { ${HOUSEHOLD_FIELDS} } } pageInfo { hasNextPage endCursor } }`;

const throwIfError = <T>(entity: T | null | Error): T | null => {
  if (entity instanceof Error) throw entity;
  return entity;
};

/**
 * The eligible roll of a building (or one stairwell unit) as community holds it now: every household with its unit,
 * floor and floor area, paging through community's connection. A household without a valid area is
 * BAD_USER_INPUT naming it (the roll cannot be fixed with a wrong area).
 */
export async function readRoll(ctx: HousingContext, buildingId: string, stairwellUnit: number): Promise<RollHousehold[]> {
  const roll: RollHousehold[] = [];
  let after: string | null = null;
  for (;;) {
    const answers: (CommunityBuilding | null | Error)[] = await ctx.peer('community').entities<CommunityBuilding>('Building', [buildingId], householdsSelection(after));
    const found: CommunityBuilding | null = throwIfError(answers[0] ?? null);
    if (!found) throw notFound('Building', buildingId, 'id');
    const page: CommunityHousehold[] = found.households.edges.map((e) => e.node);
    for (const household of page) {
      if (stairwellUnit !== 0 && household.unit !== stairwellUnit) continue;
      const area = areaHundredths(household.areaM2);
      if (area === undefined) throw badInput(`Household ${household.id} has no valid floor area (${household.areaM2}) in community: correct it before opening the consent.`);
      roll.push({ householdId: household.id, unit: household.unit, floor: household.floor, area });
    }
    const { pageInfo } = found.households;
    if (!pageInfo.hasNextPage || !pageInfo.endCursor) return roll;
    after = pageInfo.endCursor;
  }
}

/** The compound and comprehensive grid of a building, as community says; NOT_FOUND if it does not know it. */
export async function readBuilding(ctx: HousingContext, buildingId: string, field: string): Promise<{ compoundId: string; gridId: string }> {
  const [building] = await ctx.peer('community').entities<{ compound: { id: string }; grid: { id: string } }>('Building', [buildingId], 'compound { id } grid { id }');
  const found = throwIfError<{ compound: { id: string }; grid: { id: string } }>(building ?? null);
  if (!found) throw notFound('Building', buildingId, field);
  return { compoundId: found.compound.id, gridId: found.grid.id };
}

/** Whether community knows the compound; NOT_FOUND otherwise. */
export async function assertCompoundExists(ctx: HousingContext, compoundId: string, field: string): Promise<void> {
  const [compound] = await ctx.peer('community').entities<{ id: string }>('Compound', [compoundId], 'id');
  if (!throwIfError(compound ?? null)) throw notFound('Compound', compoundId, field);
}

const homes = new WeakMap<HousingLoaders, Promise<ViewerHome | null>>();

/**
 * The viewer with their current home: for a resident, community is asked once per request where they live (their
 * own record, with their own token). Staff and grid workers need no home.
 */
export async function housingViewer(ctx: HousingContext): Promise<HousingViewer> {
  const { viewer } = ctx;
  if (!viewer.residentId || isHousingStaff(viewer)) return viewer;
  let home = homes.get(ctx.loaders);
  if (!home) {
    const residentId = viewer.residentId;
    home = (async () => {
      const [resident] = await ctx
        .peer('community')
        .entities<{ household: { id: string; building: { id: string } } | null }>('Resident', [residentId], 'household { id building { id } }');
      if (!resident || resident instanceof Error || !resident.household) return null;
      return { householdId: resident.household.id, buildingId: resident.household.building.id };
    })();
    homes.set(ctx.loaders, home);
  }
  return { ...viewer, home: await home };
}

/**
 * Applies community's change feed to housing's one copy that must follow it: a retrofit's building grid, which decides
 * which grid workers see it. BUILDING_REASSIGNED sets it to the new grid (the same event twice sets the same value).
 * Nothing else changes: the roll of a consent is fixed when it opens, so RESIDENT_MOVED and RESIDENT_DEREGISTERED
 * leave it alone (the count is of the owners when consent was sought), and a resident's home is read live.
 */
export async function applyCommunityEvents(tx: Transaction, changes: ChangeEvent[]): Promise<void> {
  for (const event of communityEventsOf(changes)) {
    if (event.kind !== 'BUILDING_REASSIGNED') continue;
    await tx.update(elevatorRetrofits).set({ gridId: event.gridId }).where(eq(elevatorRetrofits.buildingId, event.buildingId));
  }
}
