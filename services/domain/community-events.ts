import type { ChangeEvent } from '../kit/feed';

/**
 * The events community publishes when a fact other subgraphs copy changes (docs/domain-rules.md "Changes that cross
 * subgraphs"): the contract between community's outbox and every consumer, so it lives in the shared domain module.
 * Each event carries the NEW values, whole, so applying it twice changes nothing.
 */
export const COMMUNITY_FEED = 'community';

/** What every event carries besides its facts: who made the change (the audit trail of community's outbox). */
interface Audited {
  /** The token subject of whoever made the change. */
  actorSub?: string;
}

export interface ResidentMoved extends Audited {
  kind: 'RESIDENT_MOVED';
  residentId: string;
  householdId: string;
  buildingId: string;
  /** The comprehensive grid of the new building. */
  gridId: string;
  communityId: string;
}

export interface ResidentTagsChanged extends Audited {
  kind: 'RESIDENT_TAGS_CHANGED';
  residentId: string;
  /** The recorded tags after the change (ELDERLY is derived from the birth date and never sent). */
  tags: string[];
}

export const DEREGISTRATION_REASONS = ['MOVED_AWAY', 'DECEASED'] as const;
export type DeregistrationReason = (typeof DEREGISTRATION_REASONS)[number];

export interface ResidentDeregistered extends Audited {
  kind: 'RESIDENT_DEREGISTERED';
  residentId: string;
  reason: DeregistrationReason;
  /** When the resident left the register (RFC 3339); copies close at this moment. Absent from events written before it was added. */
  deregisteredAt?: string;
}

export interface BuildingReassigned extends Audited {
  kind: 'BUILDING_REASSIGNED';
  buildingId: string;
  gridId: string;
  communityId: string;
  /** Every household of the building: each changes grid with it. */
  householdIds: string[];
}

export type CommunityEvent = ResidentMoved | ResidentTagsChanged | ResidentDeregistered | BuildingReassigned;
export type CommunityEventKind = CommunityEvent['kind'];

/** The events as community writes them to its outbox: the entity's key beside the whole event. */
export const toChange = (event: CommunityEvent) => ({
  kind: event.kind,
  entityId: 'residentId' in event ? event.residentId : event.buildingId,
  payload: event,
});

/** The community events of a feed batch, in order; an event of a kind this consumer does not know is skipped. */
export const communityEventsOf = (changes: ChangeEvent[]): CommunityEvent[] =>
  changes.map((change) => change.payload as CommunityEvent).filter((event) => KINDS.has(event?.kind));

const KINDS = new Set<string>(['RESIDENT_MOVED', 'RESIDENT_TAGS_CHANGED', 'RESIDENT_DEREGISTERED', 'BUILDING_REASSIGNED']);
