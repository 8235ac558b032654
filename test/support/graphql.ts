import { count, type SQL } from 'drizzle-orm';
import type { PgTable } from 'drizzle-orm/pg-core';
import { postGraphQL, type GraphQLResponse, type TestStack } from './stack';

/** A client of one endpoint as one viewer. */
export const client =
  (url: string, token?: string, headers?: Record<string, string>) =>
  <T = unknown>(query: string, variables: Record<string, unknown> = {}): Promise<GraphQLResponse<T>> =>
    postGraphQL<T>(url, query, variables, { token, headers });

/** The data of a response that must have no errors. */
export function dataOf<T>(response: GraphQLResponse<T>): T {
  expect(response.errors).toBeUndefined();
  return response.data!;
}

/** The one error of a response, expecting its code. */
export function errorOf(response: GraphQLResponse<unknown>, code: string) {
  expect(response.errors?.map((e) => e.extensions?.code)).toEqual([code]);
  return response.errors![0]!;
}

/** A mutation payload's userErrors, as the convention shapes them. */
export interface UserErrorValue {
  code: string;
  message: string;
  field: string[] | null;
  currentVersion: number | null;
}

/** The one userError of a mutation payload (no top-level errors), expecting its code. */
export function userErrorOf(payload: { userErrors: UserErrorValue[] } | null | undefined, code: string): UserErrorValue {
  expect(payload?.userErrors.map((e) => e.code)).toEqual([code]);
  return payload!.userErrors[0]!;
}

/** The fields to select of every payload's userErrors. */
export const USER_ERRORS = 'userErrors { code message field currentVersion } clientMutationId';

export async function rowCount(stack: Pick<TestStack, 'handle'>, table: PgTable, where?: SQL): Promise<number> {
  const [row] = await stack.handle.db.select({ n: count() }).from(table).where(where);
  return row!.n;
}

/** SQL statements a request issues, through drizzle, over every subgraph of the stack. */
export async function statementsOf<T>(stack: Pick<TestStack, 'handle'>, request: () => Promise<T>): Promise<{ result: T; statements: number }> {
  const before = stack.handle.statements.count;
  const result = await request();
  return { result, statements: stack.handle.statements.count - before };
}
