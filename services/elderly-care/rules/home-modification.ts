import { badInput } from '../../kit/errors';
import { HOME_MODIFICATION_STATUSES, type HomeModificationStatus, type MealOrderStatus } from './enums';

/** The one state a home modification (适老化改造) may move to next, or null once ACCEPTED. */
export function nextHomeModificationStatus(current: HomeModificationStatus): HomeModificationStatus | null {
  return HOME_MODIFICATION_STATUSES[HOME_MODIFICATION_STATUSES.indexOf(current) + 1] ?? null;
}

/** APPLIED → ASSESSED → DESIGNED → INSTALLING → ACCEPTED, one step forward at a time; no skipping, no going back. */
export function advanceHomeModification(current: HomeModificationStatus, to: HomeModificationStatus): HomeModificationStatus {
  const next = nextHomeModificationStatus(current);
  if (to !== next) {
    throw badInput(
      next
        ? `A home modification that is ${current} can only move to ${next}, not ${to}.`
        : `A home modification that is ${current} is finished and cannot move to ${to}.`,
      { from: current, to, allowed: next ? [next] : [] },
    );
  }
  return to;
}

const MEAL_ORDER_MOVES: Readonly<Record<MealOrderStatus, readonly MealOrderStatus[]>> = {
  ORDERED: ['SERVED', 'CANCELLED'],
  // A served meal has been eaten: it can only be settled, no longer cancelled.
  SERVED: ['SETTLED'],
  SETTLED: [],
  CANCELLED: [],
};

/** ORDERED → SERVED → SETTLED, or ORDERED → CANCELLED. */
export function moveMealOrder(current: MealOrderStatus, to: MealOrderStatus): MealOrderStatus {
  const allowed = MEAL_ORDER_MOVES[current];
  if (!allowed.includes(to)) {
    throw badInput(
      allowed.length
        ? `A meal order that is ${current} can only move to ${allowed.join(' or ')}, not ${to}.`
        : `A meal order that is ${current} is final and cannot move to ${to}.`,
      { from: current, to, allowed },
    );
  }
  return to;
}
