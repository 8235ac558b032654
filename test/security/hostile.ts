import { loadConfig, type Config } from '../../services/kit/config';
import type { GraphQLResponse } from '../support/stack';
import { testConfig } from '../support/stack';

/** Production mode with the test stack's secrets, so the same tokens and gateway credential work in both modes. */
export const productionConfig: Config = loadConfig({
  NODE_ENV: 'production',
  LOG_LEVEL: 'silent',
  JWT_SECRET: testConfig.auth.jwtSecret!,
  GATEWAY_SECRET: testConfig.gatewaySecret,
});

/** Each hostile case runs in both modes: development (stack traces would show there first) and production. */
export const MODES: [string, Config][] = [
  ['development', testConfig],
  ['production', productionConfig],
];

/**
 * What no hostile answer may carry, whatever its code: stack traces, "Did you mean" suggestions, internal addresses,
 * and the personal values given (names, ID numbers, findings).
 */
export function expectNothingLeaked(response: GraphQLResponse<unknown>, personal: readonly string[] = []): void {
  const text = JSON.stringify(response);
  expect(text).not.toMatch(/\bat .+:\d+:\d+|stacktrace/i);
  expect(text).not.toMatch(/Did you mean/i);
  expect(text).not.toMatch(/localhost:\d+|127\.0\.0\.1|::1\b/);
  for (const value of personal) expect(text).not.toContain(value);
}

/** A refusal: the HTTP status, the one error's code, no data for the refused field, nothing leaked. */
export function expectRefused(response: GraphQLResponse<unknown>, code: string, status = 200, personal: readonly string[] = []): void {
  expect(response.status).toBe(status);
  expect(response.errors?.map((e) => e.extensions?.code)).toContain(code);
  expectNothingLeaked(response, personal);
}
