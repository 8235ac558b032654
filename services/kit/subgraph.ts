import 'reflect-metadata';
import { buildSubgraphSchema, printSubgraphSchema } from '@apollo/subgraph';
import type { GraphQLResolverMap } from '@apollo/subgraph/dist/schema-helper';
import { printSchemaWithDirectives } from '@graphql-tools/utils';
import { type DocumentNode, type GraphQLSchema, Kind, parse, type SelectionSetNode } from 'graphql';
import { buildSchema, createResolversMap, type NonEmptyArray } from 'type-graphql';
import type { ApolloServerPlugin, GraphQLRequest, GraphQLResponse } from '@apollo/server';
import { ApolloServerPluginInlineTraceDisabled } from '@apollo/server/plugin/disabled';
import { createHash, randomUUID, timingSafeEqual } from 'node:crypto';
import { admitViewer, ANONYMOUS, createAuthChecker, createTokenVerifier, GATEWAY_HEADER, type Authorizer, type Viewer } from './auth';
import { auditDenialsPlugin, auditTrail, withAuditTrail, type AuditLogTable, type AuditTrail } from './audit';
import { auditLogResolver } from './audit-query';
import { peerClient, type PeerClient } from './peers';
import type { Config, ServiceName, SettingsParser } from './config';
import type { Database, DatabaseHandle, Transaction } from './db';
import {
  feedChannel,
  MAX_FEED_PAGE,
  readChanges,
  startFeedConsumer,
  type ChangeEvent,
  type FeedConsumer,
  type FeedCursorTable,
  type FeedPage,
  type OutboxTable,
} from './feed';
import type { Express, Request } from 'express';
import { OneGridError } from './errors';
import { SCALARS_MAP } from './scalars';
import { validateArgs } from './validation';
import { leanResolvers } from './dispatch';
import type { RowRule } from './access';
import { NotReady, requestIdOf, serveGraphQL, type RunningServer } from './http';
import { createLogger, requestLogger, type Logger } from './logger';
import { partnersReadOnlyPlugin } from './partners';
import { startSchedule, type ScheduledJob } from './schedule';
import type { SeedOptions } from './seed';

/** What every resolver of a subgraph gets: the viewer, the database, this request's loaders and the settings. */
export interface SubgraphContext<Loaders, Settings = undefined> {
  viewer: Viewer;
  db: Database;
  loaders: Loaders;
  /** The subgraph's own settings, parsed once at start-up. */
  settings: Settings;
  requestId: string;
  log: Logger;
  /** True when the request carries the gateway's credential. */
  fromGateway: boolean;
  /** Another subgraph, called with this request's token (see kit/peers). */
  peer(service: ServiceName): PeerClient;
  /** This request's audit trail: sensitive reads are recorded here before they are answered (kit/audit). */
  audit: AuditTrail;
  /** The subgraph's audit log table, for the kit's audit-log query. */
  auditLog: AuditLogTable;
}

export type ReferenceResolver<Loaders, Settings = undefined> = (reference: { id: string }, context: SubgraphContext<Loaders, Settings>) => unknown;

/** A subgraph, as each `services/<name>/index.ts` declares it. */
export interface SubgraphModule<Loaders, Settings = undefined> {
  name: ServiceName;
  /** The PostgreSQL schema that holds its tables. */
  pgSchema: string;
  migrationsFolder: string;
  resolvers: NonEmptyArray<Function>;
  /** Entity classes no query returns directly. */
  orphanedTypes?: Function[];
  /** `__resolveReference` per entity: must load through the request's loaders, which apply the access rules. */
  entities: Record<string, ReferenceResolver<Loaders, Settings>>;
  createLoaders(db: Database, viewer: Viewer, settings: Settings): Loaders;
  /** Parses the subgraph's own settings once, at start-up, with the rest of the configuration (ConfigError if bad). */
  settings?: SettingsParser<Settings>;
  /** Decides `@Authorized('<capability>')`: the domain's table of who may do what. */
  authorize: Authorizer;
  /** The subgraph's audit log (`auditLogTable(schema)` in its tables.ts): sensitive reads and refusals (kit/audit). */
  auditLog: AuditLogTable;
  /** The roles tokens may carry; others are ignored. */
  roles: readonly string[];
  /** Who may see which rows, per resource (access.ts); a generic test checks each rule's two halves agree. */
  // eslint-disable-next-line @typescript-eslint/no-explicit-any -- rules over different row types
  rowRules?: RowRule<any>[];
  /** The change feed this subgraph publishes (its outbox), served at `GET /changes` to OneGrid services only. */
  publishes?: OutboxTable;
  /** Other subgraphs' change feeds this subgraph applies to its copies of their facts. */
  consumes?: FeedSubscription<Settings>[];
  /** Periodic work every replica runs (idempotent and safe concurrently, e.g. sweeps over overdue rows). */
  schedules?: ScheduledJob<Settings>[];
  /**
   * Further HTTP routes on the subgraph's server (e.g. another API over the same data), mounted before `/graphql`.
   * `contextOf(req)` gives a request the context a GraphQL request would get (viewer from its bearer token, loaders,
   * settings), so the same access rules apply; it throws UNAUTHENTICATED on a bad token.
   */
  routes?: (app: Express, helpers: RouteHelpers<Loaders, Settings>) => void;
  /**
   * Seeds the demo data, doing nothing when already seeded. Runs only when a start seeds demo data, and should import
   * its demo code inside (`await import('./demo')`), so that production processes never load it.
   */
  seed(db: Database, options?: SeedOptions): Promise<unknown>;
}

/** What a subgraph's own routes get from the kit. */
export interface RouteHelpers<Loaders, Settings> {
  contextOf(req: Request): Promise<SubgraphContext<Loaders, Settings>>;
}

/** A change feed a subgraph applies: whose, where its cursor is kept, and how a batch changes its copies. */
export interface FeedSubscription<Settings> {
  source: ServiceName;
  cursors: FeedCursorTable;
  /** Runs in the consumer's transaction with the cursor's advance; must be idempotent per event. */
  apply(tx: Transaction, events: ChangeEvent[], settings: Settings): Promise<void>;
}

/** Any subgraph, whatever its loaders and settings: what registries and start-up code hold. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- a registry holds subgraphs of different loader and settings types
export type AnySubgraphModule = SubgraphModule<any, any>;

const FEDERATION_LINK =
  'extend schema @link(url: "https://specs.apollo.dev/federation/v2.7", import: ["@key", "@shareable", "@external", "@requires", "@provides", "@inaccessible"])';

/** type-graphql classes → an Apollo Federation 2 subgraph schema (`@key`, `_entities`, `_service`). */
export async function buildFederatedSchema<L, S>(module: SubgraphModule<L, S>): Promise<GraphQLSchema> {
  // Every subgraph serves its own audit log to admins.
  const resolverClasses = [...module.resolvers, auditLogResolver(module.name)] as NonEmptyArray<Function>;
  const authChecker = createAuthChecker(module.authorize);
  const typeGraphqlSchema = await buildSchema({
    resolvers: resolverClasses,
    orphanedTypes: module.orphanedTypes,
    authChecker,
    validate: true,
    validateFn: validateArgs,
    skipCheck: true,
    scalarsMap: SCALARS_MAP,
  });
  const typeDefs = parse(`${FEDERATION_LINK}\n\n${printSchemaWithDirectives(typeGraphqlSchema)}`);
  const resolvers = leanResolvers(typeGraphqlSchema, createResolversMap(typeGraphqlSchema), resolverClasses, authChecker) as GraphQLResolverMap<SubgraphContext<L, S>>;
  for (const [typeName, resolveReference] of Object.entries(module.entities)) {
    // The resolver map's type has no slot for __resolveReference: the one cast of the project.
    (resolvers[typeName] as Record<string, unknown>) = { ...resolvers[typeName], __resolveReference: resolveReference };
  }
  return buildSubgraphSchema([{ typeDefs, resolvers }]);
}

/** The subgraph's SDL as `_service { sdl }` would print it: what `schema/<name>.graphql` holds. */
export async function printSubgraphSdl<L, S>(module: SubgraphModule<L, S>): Promise<string> {
  return printSubgraphSchema(await buildFederatedSchema(module));
}

const digest = (text: string) => createHash('sha256').update(text).digest();

/** Compares digests, so the time taken says nothing about the credential, not even its length. */
export function sameSecret(given: string | undefined, expected: string): boolean {
  return secretChecker(expected)(given);
}

/** sameSecret against one expected secret, digested once rather than on every request. */
export function secretChecker(expected: string): (given: string | undefined) => boolean {
  const expectedDigest = digest(expected);
  // Stryker disable next-line StringLiteral: equivalent, a missing credential fails on `given !== undefined` whatever is hashed for it.
  return (given) => timingSafeEqual(digest(given ?? ''), expectedDigest) && given !== undefined && given.length > 0;
}

const GATEWAY_ONLY_FIELDS = new Set(['_entities', '_service']);

/** Whether a selection reaches `_entities`/`_service` at the root, directly or through (inline) fragments, aliased or not. */
function selectsGatewayOnlyField(selectionSet: SelectionSetNode, fragments: Record<string, { selectionSet: SelectionSetNode }>, seen = new Set<string>()): boolean {
  return selectionSet.selections.some((selection) => {
    if (selection.kind === Kind.FIELD) return GATEWAY_ONLY_FIELDS.has(selection.name.value);
    if (selection.kind === Kind.INLINE_FRAGMENT) return selectsGatewayOnlyField(selection.selectionSet, fragments, seen);
    const fragment = fragments[selection.name.value];
    if (!fragment || seen.has(selection.name.value)) return false;
    seen.add(selection.name.value);
    return selectsGatewayOnlyField(fragment.selectionSet, fragments, seen);
  });
}

/** Whether any operation of a document reaches `_entities` or `_service` (see gatewayOnlyPlugin). */
export function reachesGatewayOnlyField(document: DocumentNode): boolean {
  const fragments = Object.fromEntries(document.definitions.flatMap((d) => (d.kind === Kind.FRAGMENT_DEFINITION ? [[d.name.value, d]] : [])));
  // Every operation of the document, not only the one `operationName` picks: nothing in it may reach them.
  return document.definitions.some((d) => d.kind === Kind.OPERATION_DEFINITION && selectsGatewayOnlyField(d.selectionSet, fragments));
}

/**
 * `_entities` and `_service` bypass the root fields' guards and reveal the whole schema: only the gateway, which
 * proves itself with its credential, may call them.
 */
export function gatewayOnlyPlugin<Ctx extends { fromGateway: boolean }>(): ApolloServerPlugin<Ctx> {
  return {
    async requestDidStart() {
      return {
        async didResolveOperation({ document, contextValue }) {
          if (!contextValue.fromGateway && reachesGatewayOnlyField(document)) {
            // HTTP 403: a refusal of the caller, not a failure of the service (Apollo answers 500 for errors thrown here).
            throw new OneGridError('FORBIDDEN', '_entities and _service answer only the OneGrid gateway.', { http: { status: 403 } });
          }
        },
      };
    },
  };
}

/**
 * Migrates the subgraph's schema and, when `seed` is on, seeds it with demo data (a no-op when already seeded): the
 * default district, or the one `seed` describes (e.g. a larger scale).
 */
export async function prepareDatabase<L, S>(module: SubgraphModule<L, S>, handle: DatabaseHandle, options: { seed: boolean | SeedOptions }) {
  await handle.exclusive(`onegrid:prepare:${module.pgSchema}`, async () => {
    await handle.migrate(module.migrationsFolder, module.pgSchema);
    if (options.seed) await module.seed(handle.db, options.seed === true ? {} : options.seed);
    await handle.settle();
  });
}

/** A subgraph serving, with the change-feed consumers it runs (by name, e.g. "elderly-care<-community"). */
export interface RunningSubgraph extends RunningServer {
  consumers: Record<string, FeedConsumer>;
  /**
   * Runs an operation in this process, as if it had come over HTTP with these headers: the same context (token
   * verification, loaders, the gateway credential), plugins (the gateway-only guard) and error masking.
   */
  execute(request: GraphQLRequest, headers: Readonly<Record<string, string>>): Promise<GraphQLResponse>;
}

/** Serves one subgraph over HTTP on its own port (or `port` 0 for any free one). */
export async function startSubgraph<L, S>(
  module: SubgraphModule<L, S>,
  options: { config: Config; handle: DatabaseHandle; port?: number; log?: Logger },
): Promise<RunningSubgraph> {
  const { config, handle } = options;
  const log = options.log ?? createLogger(config.logLevel, module.name);
  const verifyToken = createTokenVerifier(config.auth, module.roles);
  // Parsed by loadConfigOrExit too, so a bad value stops the start before any port opens.
  const settings = module.settings ? module.settings(config.env) : (undefined as S);
  const schema = await buildFederatedSchema(module);
  const consumers: { name: string; consumer: FeedConsumer }[] = [];
  const isGateway = secretChecker(config.gatewaySecret);
  const contextOf = async (header: (name: string) => string | undefined, requestId: string): Promise<SubgraphContext<L, S>> => {
    const authorization = header('authorization');
    let viewer: Viewer = ANONYMOUS;
    try {
      viewer = await verifyToken(authorization);
      viewer = admitViewer(viewer, module.name, config.auth);
    } catch (error) {
      // A refused token (forged, expired, another subgraph's partner) is a denied attempt too.
      // Recorded before the answer; a log that cannot be written does not change what the caller is told.
      await auditTrail(handle.db, module.auditLog, viewer, requestId)
        .denied(viewer.authenticated ? '(audience)' : '(token)', null)
        .catch((failure: unknown) => log.error({ err: failure, requestId }, 'audit log write failed'));
      throw error;
    }
    const audit = auditTrail(handle.db, module.auditLog, viewer, requestId);
    return {
      viewer,
      db: handle.db,
      loaders: module.createLoaders(handle.db, withAuditTrail(viewer, audit), settings),
      settings,
      requestId,
      log: requestLogger(log, requestId),
      fromGateway: isGateway(header(GATEWAY_HEADER)),
      peer: (service) => peerClient(config, service, authorization, requestId),
      audit,
      auditLog: module.auditLog,
    };
  };
  const running = await serveGraphQL<SubgraphContext<L, S>>({
    name: module.name,
    port: options.port ?? config.services[module.name].port,
    production: config.production,
    explorer: config.explorer,
    corsOrigins: config.corsOrigins,
    log,
    limits: config.queryLimits,
    // No Apollo Studio here: inline federated tracing would only cost time.
    apollo: { schema, plugins: [gatewayOnlyPlugin<SubgraphContext<L, S>>(), partnersReadOnlyPlugin(), auditDenialsPlugin<SubgraphContext<L, S>>(), ApolloServerPluginInlineTraceDisabled()] },
    maxConcurrentRequests: config.maxConcurrentRequests,
    ready: async () => {
      const feeds = consumers.length ? { feeds: Object.fromEntries(consumers.map((c) => [c.name, c.consumer.lag()])) } : {};
      try {
        await handle.ping();
      } catch {
        throw new NotReady({ database: 'unreachable', ...feeds });
      }
      return { database: 'ready', ...feeds };
    },
    routes: (app) => {
      if (module.publishes) serveChangeFeed(app, module.publishes, handle.background, config.gatewaySecret);
      module.routes?.(app, { contextOf: (req) => contextOf((name) => req.header(name), requestIdOf(req)) });
    },
    context: (req, requestId) => contextOf((name) => req.header(name), requestId),
  });
  for (const subscription of module.consumes ?? []) {
    const name = `${module.name}<-${subscription.source}`;
    const consumer = startFeedConsumer({
      name,
      feed: subscription.source,
      db: handle.background,
      cursors: subscription.cursors,
      fetchPage: feedOverHttp(config, subscription.source),
      apply: (tx, events) => subscription.apply(tx, events, settings),
      intervalMs: config.changeFeedIntervalMs,
      batchSize: FEED_BATCH,
      log,
      subscribe: (wake) => handle.listen(feedChannel(subscription.source), wake),
    });
    consumers.push({ name, consumer });
  }
  // Background work, like the feed consumers: its statements are not counted as what requests cost.
  const jobs = (module.schedules ?? []).map((job) =>
    startSchedule({ name: `${module.name}:${job.name}`, everyMs: job.everyMs(settings), run: () => job.run(handle.background, settings), log }),
  );
  log.info({ url: running.url }, `${module.name} subgraph ready`);
  return {
    ...running,
    consumers: Object.fromEntries(consumers.map((c) => [c.name, c.consumer])),
    execute: async (request, headers) =>
      running.execute(request, await contextOf((name) => headers[name.toLowerCase()], headers['x-request-id'] ?? randomUUID())),
    stop: async () => {
      // Consumers and jobs first: a batch or run in flight finishes (or rolls back) before the database closes.
      await Promise.all([...consumers.map((c) => c.consumer.stop()), ...jobs.map((job) => job.stop())]);
      await running.stop();
    },
  };
}

/** Events per batch a consumer applies in one transaction. */
const FEED_BATCH = 500;

/** `GET /changes?after=<position>&limit=<n>`: the outbox, for the gateway's credential only (consumers use it). */
function serveChangeFeed(app: Express, outbox: OutboxTable, db: Database, gatewaySecret: string): void {
  app.get('/changes', async (req, res) => {
    if (!sameSecret(req.header(GATEWAY_HEADER), gatewaySecret)) {
      res.status(403).json({ error: 'The change feed answers only OneGrid services.' });
      return;
    }
    const after = Number(req.query.after ?? 0);
    const limit = Number(req.query.limit ?? FEED_BATCH);
    if (!Number.isSafeInteger(after) || after < 0 || !Number.isSafeInteger(limit) || limit < 1 || limit > MAX_FEED_PAGE) {
      res.status(400).json({ error: `after must be a position (0 or more) and limit 1 to ${MAX_FEED_PAGE}.` });
      return;
    }
    try {
      res.json(await readChanges(db, outbox, after, limit));
    } catch {
      res.status(503).json({ error: 'The change feed is unavailable; try again later.' });
    }
  });
}

/** Reads another subgraph's change feed over HTTP, as the gateway would call it (its credential, a deadline). */
const feedOverHttp =
  (config: Config, source: ServiceName) =>
  async (after: number, limit: number): Promise<FeedPage> => {
    const url = new URL(config.services[source].url);
    url.pathname = url.pathname.replace(/\/graphql$/, '/changes');
    url.search = new URLSearchParams({ after: String(after), limit: String(limit) }).toString();
    const response = await fetch(url, { headers: { [GATEWAY_HEADER]: config.gatewaySecret }, signal: AbortSignal.timeout(config.subgraphTimeoutMs) });
    if (!response.ok) throw new Error(`the ${source} change feed answered HTTP ${response.status}`);
    return (await response.json()) as FeedPage;
  };
