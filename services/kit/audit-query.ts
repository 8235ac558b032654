import { and, eq, sql } from 'drizzle-orm';
import { IsOptional, Length } from 'class-validator';
import { Args, ArgsType, Authorized, Ctx, Directive, Field, ID, ObjectType, Query, Resolver } from 'type-graphql';
import { AUDIT_OUTCOMES, type AuditLogTable, type AuditOutcome } from './audit';
import type { Database } from './db';
import { graphqlEnum } from './enums';
import { badInput } from './errors';
import { Connection, decodeCursor, PageArgs, pageOf } from './pagination';

export const AuditOutcomeEnum = graphqlEnum('AuditOutcome', 'What happened to an attempt to read or change audited data (审计结果). New values may be added.', AUDIT_OUTCOMES, {
  READ: 'The data was read (and shown).',
  DENIED: 'The attempt was refused (FORBIDDEN or UNAUTHENTICATED).',
});

/** Shareable: every subgraph serves the same type for its own log. */
@Directive('@shareable')
@ObjectType({ description: 'One row of a subgraph\'s audit log (审计日志): who read or was refused what, about whom; never the value.' })
export class AuditEntry {
  @Field(() => ID, { description: 'The row\'s position in the log (increasing).' })
  id!: string;

  @Field({ description: 'The token subject of the reader; `anonymous` without a token.' })
  actor!: string;

  @Field(() => [String], { description: 'The roles the reader\'s token carried.' })
  actorRoles!: string[];

  @Field(() => String, { nullable: true, description: 'The person (resident id) whose data was read or refused; null when a refusal names none.' })
  subjectId!: string | null;

  @Field(() => String, { nullable: true, description: 'The record read, when it is not the subject itself (e.g. an assessment id).' })
  recordId!: string | null;

  @Field({ description: 'What was read or refused: `Type.field`, a filter as `query.argument`, or a query path.' })
  field!: string;

  @Field({ description: 'The request (x-request-id) that read it, to match with the logs.' })
  requestId!: string;

  @Field(() => AuditOutcomeEnum, { description: 'READ or DENIED.' })
  outcome!: AuditOutcome;

  @Field({ description: 'When.' })
  at!: Date;
}

export const AuditEntryConnection = Connection(AuditEntry, { shareable: true });

@ArgsType()
export class AuditLogArgs extends PageArgs {
  @Field(() => String, { nullable: true, description: 'Only rows about this person (resident id).' })
  @IsOptional()
  @Length(1, 128)
  subjectId?: string;

  @Field(() => String, { nullable: true, description: 'Only rows of this reader (token subject).' })
  @IsOptional()
  @Length(1, 128)
  actor?: string;

  @Field(() => String, { nullable: true, description: 'Only rows of this field, e.g. `CareVisit.findings`.' })
  @IsOptional()
  @Length(1, 128)
  field?: string;
}

/** The capability that reads audit logs: the domain grants it to admins only. */
export const AUDIT_READ = 'audit:read';

const camel = (service: string) => service.replace(/-(\w)/g, (_, c: string) => c.toUpperCase());

const resolvers = new Map<string, Function>();

/**
 * The admin query of one subgraph's audit log, e.g. `elderlyCareAuditLog` (oldest first): a root field per subgraph,
 * since the gateway would send one shared `auditLog` field to a single subgraph. Every subgraph gets it from the kit.
 */
export function auditLogResolver(service: string): Function {
  const known = resolvers.get(service);
  if (known) return known;
  @Resolver()
  class AuditLogResolver {
    @Authorized(AUDIT_READ)
    @Query(() => AuditEntryConnection, {
      nullable: true,
      name: `${camel(service)}AuditLog`,
      description: `The ${service} subgraph's audit log (审计日志), oldest first: sensitive reads and refused attempts. Admins only (else FORBIDDEN).`,
    })
    async auditLog(@Args(() => AuditLogArgs) args: AuditLogArgs, @Ctx() ctx: { db: Database; auditLog: AuditLogTable }) {
      const table = ctx.auditLog;
      // Positions are integers: any other cursor is not one of this log's (not a database error).
      if (args.after !== undefined && !/^\d{1,18}$/.test(decodeCursor(args.after))) {
        throw badInput('after is not a cursor of this audit log: pass a previous page\'s endCursor.', { field: 'after' });
      }
      return pageOf(ctx.db, args, {
        where: and(
          args.subjectId ? eq(table.subjectId, args.subjectId) : undefined,
          args.actor ? eq(table.actorSub, args.actor) : undefined,
          args.field ? eq(table.field, args.field) : undefined,
        ),
        select: (condition) =>
          ctx.db
            .select({
              id: sql<string>`${table.id}::text`,
              actor: table.actorSub,
              actorRoles: table.actorRoles,
              subjectId: table.subjectId,
              recordId: table.recordId,
              field: table.field,
              requestId: table.requestId,
              outcome: table.outcome,
              at: table.at,
            })
            .from(table)
            .where(condition),
        key: table.id,
        keyOf: (row) => row.id,
      });
    }
  }
  resolvers.set(service, AuditLogResolver);
  return AuditLogResolver;
}
