import { SUBGRAPHS } from '../../services';
import type { ServiceName } from '../../services/kit/config';
import { DEMO_IDS } from '../../services/demo';
import { postGraphQL, startTestStack, tokenFor, type GraphQLResponse } from '../support/stack';
import { at, INTERNAL_ADDRESS, operation, type Json } from './gateway-support';

/**
 * One subgraph down costs only its own fields: each domain subgraph is stopped in turn (each in a stack of its own),
 * and a frontend's two everyday screens still arrive whole but for that subgraph's fields, with one error naming it.
 */

/** Where each subgraph's fields start in each screen (a `*` runs over a list). */
const OWNED: Record<string, Record<ServiceName, string[]>> = {
  'resident-overview.graphql': {
    // The resident itself is community's: without it there is nothing to hang the other fields on.
    community: ['resident'],
    'elderly-care': ['resident.elderlyCare'],
    housing: ['resident.household.building.elevatorRetrofit'],
    safety: ['resident.household.building.hazards', 'resident.safetyDevices'],
    environment: ['resident.environmentReports'],
  },
  'grid-worker-dashboard.graphql': {
    community: ['grid', 'overdueVisits.edges.*.node.resident'],
    'elderly-care': ['overdueVisits'],
    // The dashboard asks housing nothing: housing down changes nothing on it.
    housing: [],
    safety: ['openAlarms', 'hazards'],
    environment: ['environmentIssues'],
  },
};

/** `value` with the fields at `paths` nulled, as a gateway answers when their subgraph is down. */
function withNulls(value: Json, paths: string[]): Json {
  const copy = structuredClone(value);
  for (const pathText of paths) nullAt(copy, pathText.split('.'));
  return copy;
}
function nullAt(value: Json, steps: string[]): void {
  const [head, ...rest] = steps;
  if (head === undefined || value === null || typeof value !== 'object') return;
  if (head === '*') {
    if (Array.isArray(value)) value.forEach((item) => nullAt(item, rest));
    return;
  }
  if (Array.isArray(value) || !(head in value)) return;
  if (rest.length === 0) value[head] = null;
  else nullAt(value[head]!, rest);
}

const screens = async () => {
  const admin = await tokenFor({ roles: ['admin'] });
  const gridWorker = await tokenFor({ roles: ['grid_worker'], gridIds: [DEMO_IDS.grid] });
  return [
    { file: 'resident-overview.graphql', variables: { id: DEMO_IDS.elderLivingAlone }, token: admin },
    // A resident of a building on an elevator retrofit (the elder's building has none), so housing's field shows.
    { file: 'resident-overview.graphql', variables: { id: 'resident-02620' }, token: admin },
    { file: 'grid-worker-dashboard.graphql', variables: { gridId: DEMO_IDS.grid }, token: gridWorker },
  ];
};

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
