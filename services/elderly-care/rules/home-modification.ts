import { badInput } from '../../kit/errors';
import { stateMachine } from '../../kit/workflow';
import type { HomeModificationStatus } from './enums';

/** An item as applied for; amounts in integer cents. */
export interface ItemAsApplied {
  description: string;
  costCents: number;
  subsidyCents: number;
}

/** Items a modification may list. */
const MAX_ITEMS = 30;
const MAX_DESCRIPTION = 200;

/**
 * Checks the items and returns the modification's cost and subsidy, their sums. Each item is described, and its
 * subsidy lies between 0 and its cost.
 */
export function sumHomeModification(items: readonly ItemAsApplied[]): { costCents: number; subsidyCents: number } {
  if (items.length === 0 || items.length > MAX_ITEMS) {
    throw badInput(`A home modification lists at least one item and at most ${MAX_ITEMS}; got ${items.length}.`, { field: 'items' });
  }
  items.forEach(({ description, costCents, subsidyCents }, i) => {
    const field = (name: string) => ({ field: `items[${i}].${name}` });
    if (description.trim().length === 0 || description.length > MAX_DESCRIPTION) {
      throw badInput(`items[${i}].description must be 1 to ${MAX_DESCRIPTION} characters.`, field('description'));
    }
    if (!Number.isInteger(costCents) || costCents < 0) {
      throw badInput(`items[${i}].costCents must be a whole number of cents, 0 or more; got ${costCents}.`, field('costCents'));
    }
    if (!Number.isInteger(subsidyCents) || subsidyCents < 0 || subsidyCents > costCents) {
      throw badInput(`items[${i}].subsidyCents must be a whole number of cents from 0 to the item's cost, ${costCents}; got ${subsidyCents}.`, field('subsidyCents'));
    }
  });
  return {
    costCents: items.reduce((sum, item) => sum + item.costCents, 0),
    subsidyCents: items.reduce((sum, item) => sum + item.subsidyCents, 0),
  };
}

/** A home modification (适老化改造) moves one step forward at a time: no skipping, no going back. */
export const homeModificationWorkflow = stateMachine<HomeModificationStatus>('A home modification', {
  APPLIED: ['ASSESSED'],
  ASSESSED: ['DESIGNED'],
  DESIGNED: ['INSTALLING'],
  INSTALLING: ['ACCEPTED'],
  ACCEPTED: [],
});
