import type { PeerClient } from '../kit/peers';
import { badInput, notFound } from '../kit/errors';
import type { Viewer } from '../kit/auth';

/** A grid worker's token names them as `worker:<grid worker id>` (the demo's and the identity provider's convention). */
const WORKER_SUBJECT = /^worker:(.+)$/;

/** The grid worker a token belongs to, if it is a grid worker's. */
export const gridWorkerOf = (viewer: Viewer): string | undefined =>
  viewer.roles.includes('grid_worker') ? WORKER_SUBJECT.exec(viewer.sub ?? '')?.[1] : undefined;

/**
 * Checks, with community (who works where is its fact, read at the moment of the write with the caller's token),
 * that `workerId` is a grid worker of `gridId`: NOT_FOUND if community knows no such worker, BAD_USER_INPUT if they
 * work elsewhere; both on `field`. A reference a write stores is valid when stored.
 */
export async function assertWorkerOfGrid(community: PeerClient, workerId: string, gridId: string | null, field: string): Promise<string> {
  const [worker] = await community.entities<{ id: string; grids: { id: string }[] }>('GridWorker', [workerId], 'id grids { id }');
  if (worker instanceof Error) throw worker;
  if (!worker) throw notFound('GridWorker', workerId, field);
  if (!gridId || !worker.grids.some((grid) => grid.id === gridId)) {
    throw badInput(`Grid worker ${worker.id} does not work in grid ${gridId ?? '(unknown)'}.`, { field });
  }
  return worker.id;
}
