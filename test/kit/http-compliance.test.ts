import { serverAudits } from 'graphql-http';
import { communitySubgraph } from '../../services/community';
import { startTestStack, type TestStack } from '../support/stack';

/** Partners call subgraphs directly: each must speak GraphQL over HTTP as the spec says (the MUST audits). */
let stack: TestStack;
beforeAll(async () => {
  stack = await startTestStack([communitySubgraph]);
}, 120_000);
afterAll(() => stack?.stop());

describe('GraphQL over HTTP compliance of a subgraph and the gateway', () => {
  const audits = serverAudits({ url: () => stack.subgraphs.community!.url }).filter((audit) => audit.name.startsWith('MUST'));
  it.each(audits.map((audit) => [audit.name, audit] as const))('subgraph: %s', async (_name, audit) => {
    const result = await audit.fn();
    expect(result).toMatchObject({ status: 'ok' });
  });

  const gatewayAudits = serverAudits({ url: () => stack.gateway.url }).filter((audit) => audit.name.startsWith('MUST'));
  it.each(gatewayAudits.map((audit) => [audit.name, audit] as const))('gateway: %s', async (_name, audit) => {
    const result = await audit.fn();
    expect(result).toMatchObject({ status: 'ok' });
  });
});
