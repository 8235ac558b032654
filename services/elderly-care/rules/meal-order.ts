import { badInput, OneGridError } from '../../kit/errors';
import { stateMachine } from '../../kit/workflow';
import type { MealOrderStatus } from './enums';

/** A meal order (订餐): ORDERED → SERVED → SETTLED, or ORDERED → CANCELLED. */
export const mealOrderWorkflow = stateMachine<MealOrderStatus>('A meal order', {
  ORDERED: ['SERVED', 'CANCELLED'],
  // A served meal has been eaten: it can only be settled, no longer cancelled.
  SERVED: ['SETTLED'],
  SETTLED: [],
  CANCELLED: [],
});

/** BAD_USER_INPUT naming the order's state unless it may still be cancelled; the input names the order by `id`. */
export function assertCancellable(status: MealOrderStatus): void {
  try {
    mealOrderWorkflow.assertMove(status, 'CANCELLED');
  } catch (error) {
    // The machine blames the target state (`to`); a cancellation's input has only the order's id.
    if (error instanceof OneGridError) throw badInput(error.message, { ...error.extensions, field: 'id' });
    throw error;
  }
}
