import { SUBGRAPHS } from '../../services';
import { GATEWAY_HEADER } from '../../services/kit/auth';
import { loadConfig } from '../../services/kit/config';
import { signTestToken, startTestStack, testConfig, type TestClaims, type TestStack } from './stack';

/** The two modes hostile cases run in: development (the test config) and production (real secrets, no introspection). */
export const MODES = {
  development: testConfig,
  production: loadConfig({
    NODE_ENV: 'production',
    LOG_LEVEL: process.env.LOG_LEVEL ?? 'silent',
    JWT_SECRET: 'a-production-secret-of-at-least-32-characters',
    GATEWAY_SECRET: 'a-production-gateway-credential',
  }),
} as const;
export type Mode = keyof typeof MODES;

/** A stack per mode, every subgraph behind a gateway, started once for a test file. */
export interface HostileStacks {
  stacks: Record<Mode, TestStack>;
  /** The gateway's or a subgraph's `/graphql` URL in that mode. */
  urlOf(mode: Mode, target: Target): string;
  /** A signed token valid in that mode; `aud` names subgraphs as in stack.ts tokenFor. */
  tokenFor(mode: Mode, claims: TestClaims): Promise<string>;
  /** The gateway's credential header in that mode. */
  asGateway(mode: Mode): Record<string, string>;
  stop(): Promise<void>;
}

/** Where a hostile request is sent: the gateway, or a subgraph directly (as a partner or an attacker would). */
export const TARGETS = ['gateway', ...SUBGRAPHS.map((module) => module.name)] as const;
export type Target = (typeof TARGETS)[number];

export async function startHostileStacks(options: { seed?: boolean } = {}): Promise<HostileStacks> {
  const development = await startTestStack(SUBGRAPHS, { config: MODES.development, seed: options.seed });
  const production = await startTestStack(SUBGRAPHS, { config: MODES.production, seed: options.seed }).catch(async (error: unknown) => {
    await development.stop();
    throw error;
  });
  const stacks = { development, production };
  return {
    stacks,
    urlOf: (mode, target) => (target === 'gateway' ? stacks[mode].gateway.url : stacks[mode].subgraphs[target]!.url),
    tokenFor: (mode, claims) => signTestToken(MODES[mode], claims),
    asGateway: (mode) => ({ [GATEWAY_HEADER]: MODES[mode].gatewaySecret }),
    stop: async () => {
      await Promise.all([development.stop(), production.stop()]);
    },
  };
}

/** An HTTP answer as a hostile case inspects it: status, parsed JSON (or null) and the raw text. */
export interface RawAnswer {
  status: number;
  contentType: string;
  text: string;
  body: { data?: unknown; errors?: { message: string; extensions?: { code?: string } }[] } | null;
}

/** POSTs a raw body (anything, well-formed or not) as JSON. */
export async function postRaw(url: string, body: string, headers: Record<string, string> = {}): Promise<RawAnswer> {
  const send = () => fetch(url, { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body });
  // A kept-alive connection the server closed while the other stack started (ECONNRESET): one fresh try.
  const response = await send().catch(send);
  const text = await response.text();
  let parsed: RawAnswer['body'] = null;
  try {
    parsed = JSON.parse(text) as RawAnswer['body'];
  } catch {
    parsed = null;
  }
  return { status: response.status, contentType: response.headers.get('content-type') ?? '', text, body: parsed };
}

/**
 * What no hostile answer may carry, in any mode: stack traces, internal addresses, SQL; in production also graphql's
 * "Did you mean" suggestions.
 */
export function expectClean(answer: RawAnswer, mode: Mode): void {
  expect(answer.contentType).toMatch(/application\/(graphql-response\+)?json/);
  expect(answer.text).not.toMatch(/stacktrace|\n\s+at |<html|<!DOCTYPE/i);
  expect(answer.text).not.toMatch(/localhost:\d+|127\.0\.0\.1|\[::1\]|ECONNREFUSED/);
  expect(answer.text).not.toMatch(/\b(select|insert|update) .* (from|into|set) |\$\d+|onegrid_test_/i);
  if (mode === 'production') expect(answer.text).not.toMatch(/Did you mean/i);
}

/** The error codes of an answer, in order. */
export const codesOf = (answer: RawAnswer) => (answer.body?.errors ?? []).map((e) => e.extensions?.code);

