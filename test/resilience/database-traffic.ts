import { postGraphQL, type GraphQLResponse } from '../support/stack';

/** One request of the steady traffic a database failure interrupts: when it was sent and how it ended. */
export interface Outcome {
  sentAt: number;
  ok: boolean;
  /** The error codes of a failed answer (a request that got no HTTP answer at all: `NO_ANSWER`). */
  codes: string[];
  messages: string[];
}

/**
 * Sends `query` from `workers` loops, back to back, until `stop()`; returns every outcome in order. Stands for clients
 * reading through the gateway while PostgreSQL drops their connections.
 */
export function steadyTraffic<T>(
  url: string,
  query: string,
  options: { token: string; workers: number; answered: (data: T | undefined) => boolean },
): { stop(): Promise<Outcome[]> } {
  const outcomes: Outcome[] = [];
  let running = true;
  const loop = async () => {
    while (running) {
      const sentAt = Date.now();
      let response: GraphQLResponse<T> | undefined;
      try {
        response = await postGraphQL<T>(url, query, {}, { token: options.token });
      } catch {
        response = undefined;
      }
      const errors = response?.errors ?? [];
      const ok = !!response && errors.length === 0 && options.answered(response.data);
      outcomes.push({
        sentAt,
        ok,
        codes: response ? errors.map((error) => String(error.extensions?.code)) : ['NO_ANSWER'],
        messages: errors.map((error) => error.message),
      });
    }
  };
  const loops = Array.from({ length: options.workers }, loop);
  return {
    stop: async () => {
      running = false;
      await Promise.all(loops);
      return outcomes.sort((a, b) => a.sentAt - b.sentAt);
    },
  };
}

/** What the traffic around a failure at `failedAt` shows: how many requests failed, and how soon requests succeeded again. */
export function summary(outcomes: Outcome[], failedAt: number) {
  const failed = outcomes.filter((outcome) => !outcome.ok);
  const lastFailure = failed.at(-1);
  const recoveredAt = outcomes.find((outcome) => outcome.ok && outcome.sentAt >= (lastFailure?.sentAt ?? failedAt))?.sentAt;
  return {
    requests: outcomes.length,
    failed: failed.length,
    codes: [...new Set(failed.flatMap((outcome) => outcome.codes))],
    messages: [...new Set(failed.flatMap((outcome) => outcome.messages))],
    /** From the failure to the first success after the last failed request. */
    recoveryMs: recoveredAt === undefined ? undefined : Math.max(0, recoveredAt - failedAt),
    succeededAfter: outcomes.filter((outcome) => outcome.ok && outcome.sentAt > (lastFailure?.sentAt ?? failedAt)).length,
  };
}

export const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
