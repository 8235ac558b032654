import { SUBGRAPHS } from '../../services';
import type { ServiceName } from '../../services/kit/config';
import { postGraphQL, startTestStack, type GraphQLResponse } from '../support/stack';
import { at, INTERNAL_ADDRESS, operation, OWNED, screens, withNulls, type Json } from './gateway-support';

/**
 * One subgraph down costs only its own fields: each domain subgraph is stopped in turn (each in a stack of its own),
 * and a frontend's two everyday screens still arrive whole but for that subgraph's fields, with one error naming it.
 */

describe.each(SUBGRAPHS.map((module) => module.name as ServiceName))('with %s stopped', (stopped) => {
  it("the resident overview and a grid worker's dashboard lose only its fields, with one error naming it", async () => {
    const stack = await startTestStack(SUBGRAPHS);
    try {
      const asked = await screens();
      const before: GraphQLResponse<Json>[] = [];
      for (const screen of asked) before.push(await postGraphQL<Json>(stack.gateway.url, operation(screen.file), screen.variables, { token: screen.token }));
      for (const answer of before) {
        expect(answer.errors).toBeUndefined();
        expect(answer.status).toBe(200);
      }
      // Every field the stop should null is shown before it on at least one screen, so a null after it is its doing.
      for (const [file, owned] of Object.entries(OWNED)) {
        for (const pathText of Object.values(owned).flat()) {
          const shown = asked.some((screen, i) => {
            if (screen.file !== file) return false;
            const value = at(before[i]!.data, pathText);
            return Array.isArray(value) ? value.length > 0 && value.every((v) => v !== null) : value != null;
          });
          expect({ file, pathText, shown }).toEqual({ file, pathText, shown: true });
        }
      }

      await stack.subgraphs[stopped]!.stop();

      for (const [i, screen] of asked.entries()) {
        const after = await postGraphQL<Json>(stack.gateway.url, operation(screen.file), screen.variables, { token: screen.token });
        const owned = OWNED[screen.file]![stopped];
        expect(after.status).toBe(200);
        expect(after.data).toEqual(withNulls(before[i]!.data!, owned));
        for (const pathText of owned) {
          const value = at(after.data, pathText);
          expect(Array.isArray(value) ? value.every((v) => v === null) : value).toBe(Array.isArray(value) ? true : null);
        }
        if (owned.length === 0) {
          expect(after.errors).toBeUndefined();
          continue;
        }
        expect(after.errors).toHaveLength(1);
        const [error] = after.errors!;
        expect(error!.extensions).toMatchObject({ code: 'SUBGRAPH_UNAVAILABLE', serviceName: stopped });
        expect(error!.message).toContain(stopped);
        expect(JSON.stringify(error)).not.toMatch(INTERNAL_ADDRESS);
      }
    } finally {
      await stack.stop();
    }
  }, 180_000);
});
