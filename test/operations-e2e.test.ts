import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { Kind, parse, type OperationDefinitionNode } from 'graphql';
import { SUBGRAPHS } from '../services';
import { DEMO_IDS } from '../services/demo';
import { ELDERLY_CARE_DEMO_IDS } from '../services/elderly-care/demo';
import { addDays, dayOf } from '../services/kit/dates';
import type { Role } from '../services/domain/people';
import { postGraphQL, startTestStack, tokenFor, type TestStack } from './support/stack';

/**
 * Every example operation (schema/operations) runs through the gateway against the demo district, as the person its
 * header comment names (`# Token: npm run -s token -- …`) with the variables it gives (`# Variables: …`, the demo
 * district's ids): no error, and every root field answers something.
 */
const folder = path.join(__dirname, '..', 'schema', 'operations');
const today = dayOf(new Date());

/** The variables each operation runs with, from the demo district's ids; the files' comments say the same. */
const VARIABLES: Record<string, Record<string, unknown>> = {
  ElderAndOverdueVisits: {},
  ElevatorConsentProgress: { buildingId: DEMO_IDS.thirdElevatorBuilding },
  GridWorkerDashboard: { gridId: DEMO_IDS.grid },
  MealPointDay: { pointId: ELDERLY_CARE_DEMO_IDS.canteen, day: today },
  PlaceMealOrder: { input: { residentId: DEMO_IDS.elderLivingAlone, servedOn: addDays(today, 3), idempotencyKey: 'operations-e2e' } },
  ResidentOverview: { id: DEMO_IDS.elderLivingAlone },
  ResidentsLivingAlone: {},
  RiverPatrolFindings: { first: 10 },
  TwoUpdates: {
    first: { id: DEMO_IDS.elderLivingAlone, phone: '13800000001', expectedVersion: 1 },
    second: { id: 'resident-00002', phone: '13800000002', expectedVersion: 1 },
  },
};

interface Example {
  file: string;
  name: string;
  text: string;
  token: string;
  variables: string;
}

const examples: Example[] = readdirSync(folder)
  .filter((file) => file.endsWith('.graphql'))
  .sort()
  .map((file) => {
    const text = readFileSync(path.join(folder, file), 'utf8');
    const operation = parse(text).definitions.find((d): d is OperationDefinitionNode => d.kind === Kind.OPERATION_DEFINITION);
    return {
      file,
      name: operation?.name?.value ?? '',
      text,
      token: /^# Token: npm run -s token -- (.+)$/m.exec(text)?.[1] ?? '',
      variables: /^# Variables: (.+)$/m.exec(text)?.[1] ?? '',
    };
  });

/** The claims `npm run token` would sign for these arguments. */
function claimsOf(args: string): Parameters<typeof tokenFor>[0] {
  const { values } = parseArgs({
    args: args.split(/\s+/),
    options: { role: { type: 'string', multiple: true }, grid: { type: 'string', multiple: true }, resident: { type: 'string' }, sub: { type: 'string' } },
  });
  return {
    roles: (values.role ?? []) as Role[],
    ...(values.grid ? { gridIds: values.grid } : {}),
    ...(values.resident ? { residentId: values.resident, sub: `resident:${values.resident}` } : {}),
    ...(values.sub ? { sub: values.sub } : {}),
  };
}

/** A root field answers something: not null, and a list or a page with at least one item. */
function answered(value: unknown): boolean {
  if (value === null || value === undefined) return false;
  if (Array.isArray(value)) return value.length > 0;
  const edges = (value as { edges?: unknown[] }).edges;
  return edges === undefined || edges.length > 0;
}

describe('the example operations', () => {
  it('each start with who uses it, the token and the variables', () => {
    expect(examples.map((e) => e.name).sort()).toEqual(Object.keys(VARIABLES).sort());
    for (const example of examples) {
      expect({ file: example.file, first: example.text.split('\n')[0] }).toEqual({ file: example.file, first: expect.stringMatching(/^# Who: /) });
      expect({ file: example.file, roles: claimsOf(example.token).roles.length }).toEqual({ file: example.file, roles: expect.any(Number) });
      expect(claimsOf(example.token).roles.length).toBeGreaterThan(0);
      // Fixed ids are the demo district's; a placeholder (<…>) stands where a value depends on the day or the caller.
      const stated = JSON.parse(example.variables) as Record<string, unknown>;
      if (!example.variables.includes('<')) expect({ file: example.file, variables: stated }).toEqual({ file: example.file, variables: VARIABLES[example.name] });
    }
  });
});

describe('the example operations against the demo district, through the gateway', () => {
  let stack: TestStack;
  beforeAll(async () => {
    stack = await startTestStack(SUBGRAPHS);
  }, 300_000);
  afterAll(() => stack?.stop());

  it.each(examples.map((example) => [example.file, example] as const))('%s answers without errors', async (_file, example) => {
    const token = await tokenFor(claimsOf(example.token));
    const answer = await postGraphQL<Record<string, unknown>>(stack.gateway.url, example.text, VARIABLES[example.name], { token });
    expect(answer.errors ?? []).toEqual([]);
    const empty = Object.entries(answer.data ?? {}).filter(([, value]) => !answered(value)).map(([field]) => field);
    expect({ data: answer.data !== undefined, empty }).toEqual({ data: true, empty: [] });
  });

  it("MealPoint.orders (MealPointDay) shows each viewer only the orders of the elders they may see, of that day", async () => {
    const query = `query($point: ID!, $day: Date!) { mealPoint(id: $point) { orders(servedOn: $day, first: 100) {
      totalCount edges { node { servedOn elder { resident { grid { id } } } } } } } }`;
    type Orders = { mealPoint: { orders: { totalCount: number; edges: { node: { servedOn: string; elder: { resident: { grid: { id: string } } } } }[] } } };
    const ordersAs = async (claims: Parameters<typeof tokenFor>[0]) =>
      (await postGraphQL<Orders>(stack.gateway.url, query, { point: ELDERLY_CARE_DEMO_IDS.canteen, day: today }, { token: await tokenFor(claims) })).data!.mealPoint.orders;
    const all = await ordersAs({ roles: ['admin'] });
    const ofGrid = await ordersAs({ roles: ['care_worker'], gridIds: [DEMO_IDS.grid] });
    expect(ofGrid.totalCount).toBeGreaterThan(0);
    expect(all.totalCount).toBeGreaterThan(ofGrid.totalCount);
    expect(new Set(ofGrid.edges.map((edge) => edge.node.elder.resident.grid.id))).toEqual(new Set([DEMO_IDS.grid]));
    expect(new Set(all.edges.map((edge) => edge.node.servedOn))).toEqual(new Set([today]));
    expect((await ordersAs({ roles: ['housing_officer'] })).totalCount).toBe(0);
  });
});
