import type { GraphQLDataSource, GraphQLDataSourceProcessOptions } from '@apollo/gateway';
import type { GatewayGraphQLResponse } from '@apollo/server-gateway-interface';
import type { RunningSubgraph } from '../services/kit/subgraph';

/**
 * A subgraph served by the gateway's own process, reached without HTTP or JSON: the gateway hands it the operation
 * and the headers it would have sent, and the subgraph runs it through its own Apollo Server (`executeOperation`), so
 * its context (token verification, loaders, the gateway credential), its plugins (the gateway-only guard, metrics),
 * its parsed-document cache and its error masking are exactly those of an HTTP request.
 */
export class InProcessDataSource<Ctx extends object> implements GraphQLDataSource {
  constructor(
    private readonly subgraph: Pick<RunningSubgraph, 'execute'>,
    /** The headers the HTTP data source would send for this request (lower-case names). */
    private readonly headersOf: (context: Partial<Ctx>) => Record<string, string>,
  ) {}

  async process(options: GraphQLDataSourceProcessOptions): Promise<GatewayGraphQLResponse> {
    const { query, variables, operationName, extensions } = options.request;
    const response = await this.subgraph.execute({ query, variables, operationName, extensions }, this.headersOf(options.context as Partial<Ctx>));
    // Subgraphs never stream (@defer/@stream are not enabled): a single result, as over HTTP.
    if (response.body.kind !== 'single') throw new Error('an in-process subgraph answered with an incremental result');
    const { data, errors, extensions: answered } = response.body.singleResult;
    return { data, errors, extensions: answered };
  }
}
