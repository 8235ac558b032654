import 'reflect-metadata';
import { Length } from 'class-validator';
import { execute, parse, type GraphQLObjectType, type GraphQLSchema } from 'graphql';
import { Arg, Args, ArgsType, Authorized, Ctx, Field, FieldResolver, InputType, Int, ObjectType, Query, Resolver, Root } from 'type-graphql';
import { ANONYMOUS, type Viewer } from '../../services/kit/auth';
import { buildFederatedSchema } from '../../services/kit/subgraph';
import { communitySubgraph } from '../../services/community';

/**
 * The kit's lean dispatch (kit/dispatch.ts) replaces type-graphql's per-call wrappers: these tests hold it to what
 * type-graphql itself answers, for each kind of field it handles and each it leaves to type-graphql.
 */
@ObjectType('DispatchWidget')
class Widget {
  @Field()
  name!: string;

  @Field({ name: 'label' })
  title!: string;
}

@ArgsType()
class WidgetPage {
  @Field(() => Int, { nullable: true })
  first: number = 2;

  @Field({ nullable: true })
  after?: string;
}

@InputType('DispatchWidgetFilter')
class WidgetFilter {
  @Length(1, 5)
  @Field()
  prefix!: string;
}

/** A row as loaders return it: a type, not a class (what a @Root() reads in the subgraphs). */
interface WidgetRow {
  name: string;
  title: string;
}

const WIDGETS: WidgetRow[] = ['alpha', 'beta', 'gamma'].map((name) => ({ name, title: name.toUpperCase() }));

@Resolver(() => Widget)
class WidgetResolver {
  @Query(() => [Widget])
  dispatchWidgets(@Args() page: WidgetPage): WidgetRow[] {
    // The instance type-graphql would build: the class's default applies, an unset optional field is absent.
    if (!(page instanceof WidgetPage) || 'after' in page) throw new Error('not the instance type-graphql builds');
    return WIDGETS.slice(0, page.first);
  }

  @Query(() => [Widget])
  dispatchFiltered(@Arg('filter', () => WidgetFilter) filter: WidgetFilter): WidgetRow[] {
    return WIDGETS.filter((widget) => widget.name.startsWith(filter.prefix));
  }

  /** An argument with its own validateFn: type-graphql runs it, even for a scalar. */
  @Query(() => Int)
  dispatchEven(
    @Arg('n', () => Int, {
      validateFn: (value: unknown) => {
        if (Number(value) % 2) throw new Error('n must be even');
      },
    })
    n: number,
  ): number {
    return n / 2;
  }

  @Authorized('widget:inspect')
  @FieldResolver(() => String, { nullable: true })
  secret(@Root() widget: WidgetRow, @Ctx('viewer') viewer: Viewer): string {
    return `${widget.name} for ${viewer.roles.join(',')}`;
  }

  @Authorized()
  @FieldResolver(() => Int, { nullable: true })
  letters(@Root() widget: WidgetRow, @Arg('times', () => Int, { defaultValue: 1 }) times: number): number {
    return widget.name.length * times;
  }

  /** A @Root() of the class: type-graphql converts the row to an instance of it. */
  @FieldResolver(() => Boolean)
  isWidget(@Root() widget: Widget): boolean {
    return widget instanceof Widget;
  }
}

const viewer = (roles: string[]): Viewer => ({ authenticated: true, roles, gridIds: [], audience: [], scopes: [] });

let schema: GraphQLSchema;
beforeAll(async () => {
  schema = await buildFederatedSchema({
    ...communitySubgraph,
    resolvers: [WidgetResolver],
    orphanedTypes: [],
    entities: {},
    authorize: (who, requirements) => requirements.every((requirement) => who.roles.includes(requirement)),
  });
});

const run = async (query: string, who: Viewer, variables?: Record<string, unknown>) =>
  JSON.parse(JSON.stringify(await execute({ schema, document: parse(query), contextValue: { viewer: who }, variableValues: variables })));

describe('lean dispatch of type-graphql resolvers (kit/dispatch.ts)', () => {
  it('leaves plain fields to graphql\'s default resolver, and keeps type-graphql\'s where the field is renamed', async () => {
    const fields = (schema.getType('DispatchWidget') as GraphQLObjectType).getFields();
    expect(fields.name!.resolve).toBeUndefined();
    expect(fields.label!.resolve).toBeDefined();
    expect(await run('{ dispatchWidgets { name label isWidget } }', viewer([]))).toStrictEqual({
      data: { dispatchWidgets: [{ name: 'alpha', label: 'ALPHA', isWidget: true }, { name: 'beta', label: 'BETA', isWidget: true }] },
    });
  });

  it('builds @Args as type-graphql does: the class instance, its defaults, the given values', async () => {
    expect(await run('{ dispatchWidgets(first: 3) { name } }', viewer([]))).toStrictEqual({
      data: { dispatchWidgets: [{ name: 'alpha' }, { name: 'beta' }, { name: 'gamma' }] },
    });
  });

  it('leaves an input object to type-graphql: converted and validated', async () => {
    expect(await run('{ dispatchFiltered(filter: { prefix: "g" }) { name } }', viewer([]))).toStrictEqual({ data: { dispatchFiltered: [{ name: 'gamma' }] } });
    const refused = await run('{ dispatchFiltered(filter: { prefix: "far too long" }) { name } }', viewer([]));
    expect(refused.data).toBeNull();
    expect(refused.errors[0].message).toBe('Argument Validation Error');
  });

  it('leaves an argument with its own validateFn to type-graphql, scalar or not', async () => {
    expect(await run('{ dispatchEven(n: 4) }', viewer([]))).toStrictEqual({ data: { dispatchEven: 2 } });
    const refused = await run('{ dispatchEven(n: 3) }', viewer([]));
    expect(refused.errors[0].message).toBe('n must be even');
  });

  it('checks @Authorized before the call, with type-graphql\'s errors, and answers without a promise when allowed', async () => {
    const query = '{ dispatchWidgets(first: 1) { secret letters(times: 2) } }';
    expect(await run(query, viewer(['widget:inspect']))).toStrictEqual({ data: { dispatchWidgets: [{ secret: 'alpha for widget:inspect', letters: 10 }] } });
    const forbidden = await run(query, viewer([]));
    expect(forbidden.errors.map((error: { message: string; path: string[] }) => [error.path.join('.'), error.message])).toStrictEqual([
      ['dispatchWidgets.0.secret', 'Access denied! You don\'t have permission for this action!'],
    ]);
    const anonymous = await run(query, ANONYMOUS);
    expect(anonymous.errors.map((error: { extensions: { code: string } }) => error.extensions.code)).toStrictEqual(['UNAUTHENTICATED', 'UNAUTHENTICATED']);

    // Synchronous: an authorized field on every row of a list no longer costs a promise chain per row.
    const secret = (schema.getType('DispatchWidget') as GraphQLObjectType).getFields().secret!.resolve!;
    const answer = secret(WIDGETS[0], {}, { viewer: viewer(['widget:inspect']) }, {} as never);
    expect(answer).toBe('alpha for widget:inspect');
  });
});
