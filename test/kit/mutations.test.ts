import DataLoader from 'dataloader';
import { count, eq } from 'drizzle-orm';
import { printSchema } from 'graphql';
import { buildSchema, Field, ID, ObjectType, Query, Resolver } from 'type-graphql';
import type { DatabaseHandle } from '../../services/kit/db';
import { badInput, conflict, forbidden, notFound, unauthenticated } from '../../services/kit/errors';
import { rowsById } from '../../services/kit/loaders';
import { inputPath, mutate, Payload, userErrorOf } from '../../services/kit/mutations';
import { openWidgetDatabase, widgetRows, widgets } from './widgets';

describe('inputPath', () => {
  it.each([
    ['label', ['input', 'label']],
    ['items[0].cost', ['input', 'items', '0', 'cost']],
    ['parts[12][3].size.width', ['input', 'parts', '12', '3', 'size', 'width']],
  ])('%s → %j', (field, path) => {
    expect(inputPath(field)).toEqual(path);
  });
});

describe('userErrorOf', () => {
  it('turns the business codes into user errors, with field path and current version', () => {
    expect(userErrorOf(badInput('Cost must be positive.', { field: 'items[0].cost' }))).toEqual({
      code: 'BAD_USER_INPUT',
      message: 'Cost must be positive.',
      field: ['input', 'items', '0', 'cost'],
      currentVersion: null,
    });
    expect(userErrorOf(conflict('Changed meanwhile.', { currentVersion: 3 }))).toEqual({
      code: 'CONFLICT',
      message: 'Changed meanwhile.',
      field: null,
      currentVersion: 3,
    });
    expect(userErrorOf(notFound('Widget', 'w99', 'ownerId'))).toEqual({
      code: 'NOT_FOUND',
      message: 'Widget w99 was not found.',
      field: ['input', 'ownerId'],
      currentVersion: null,
    });
  });

  it('is undefined for what is not a business outcome', () => {
    expect(userErrorOf(forbidden())).toBeUndefined();
    expect(userErrorOf(unauthenticated())).toBeUndefined();
    expect(userErrorOf(new Error('connection reset'))).toBeUndefined();
    expect(userErrorOf('a string')).toBeUndefined();
  });
});

describe('mutate', () => {
  let handle: DatabaseHandle;
  beforeAll(async () => {
    handle = await openWidgetDatabase();
    await handle.db.insert(widgets).values(widgetRows(1));
  });
  afterAll(() => handle?.close());

  const widgetCount = async () => (await handle.db.select({ n: count() }).from(widgets))[0]!.n;
  const relabel = (label: string) => handle.db.update(widgets).set({ label }).where(eq(widgets.id, 'w01'));
  /** A request's loaders as a context holds them: real DataLoaders (and something that is not one). */
  const requestLoaders = () => ({ widget: rowsById(handle.db, widgets), settings: { pageSize: 5 } });

  it('answers the result, no userErrors, and echoes clientMutationId', async () => {
    const payload = await mutate({ loaders: {} }, { clientMutationId: 'c-1' }, 'widget', async () => ({ id: 'w01' }));
    expect(payload).toEqual({ widget: { id: 'w01' }, userErrors: [], clientMutationId: 'c-1' });
  });

  it('answers clientMutationId null when the input has none', async () => {
    expect((await mutate({ loaders: {} }, {}, 'widget', async () => 1)).clientMutationId).toBeNull();
  });

  it.each([
    ['BAD_USER_INPUT', badInput('Cost must be positive.', { field: 'items[0].cost' }), { code: 'BAD_USER_INPUT', field: ['input', 'items', '0', 'cost'], currentVersion: null }],
    ['CONFLICT', conflict('Changed meanwhile.', { currentVersion: 3 }), { code: 'CONFLICT', field: null, currentVersion: 3 }],
    ['NOT_FOUND', notFound('Widget', 'w99', 'ownerId'), { code: 'NOT_FOUND', field: ['input', 'ownerId'], currentVersion: null, message: 'Widget w99 was not found.' }],
  ])('answers %s as a userError and a null entity', async (_code, error, userError) => {
    const payload = await mutate({ loaders: {} }, { clientMutationId: 'c-2' }, 'widget', async () => {
      throw error;
    });
    expect(payload).toEqual({ widget: null, userErrors: [expect.objectContaining(userError)], clientMutationId: 'c-2' });
  });

  it.each([
    ['FORBIDDEN', forbidden()],
    ['UNAUTHENTICATED', unauthenticated()],
    ['an internal error', new Error('connection reset')],
  ])('lets %s propagate as a top-level error', async (_name, error) => {
    await expect(
      mutate({ loaders: {} }, {}, 'widget', async () => {
        throw error;
      }),
    ).rejects.toBe(error);
  });

  /** Loads w01 through a fresh loader set, changes its label behind the loader's back, runs `outcome` through mutate. */
  async function labelSeenAfter(outcome: () => Promise<unknown>): Promise<string | undefined> {
    const loaders = requestLoaders();
    await relabel('before');
    expect((await loaders.widget.load('w01'))?.label).toBe('before');
    await relabel('after');
    await mutate({ loaders }, {}, 'widget', outcome).catch(() => undefined);
    return (await loaders.widget.load('w01'))?.label;
  }

  it('clears the request\'s loaders on success, on a userError and on a propagated error', async () => {
    expect(await labelSeenAfter(async () => 'done')).toBe('after');
    expect(
      await labelSeenAfter(async () => {
        throw badInput('No.');
      }),
    ).toBe('after');
    expect(
      await labelSeenAfter(async () => {
        throw forbidden();
      }),
    ).toBe('after');
  });

  it('leaves no half-written row when the work\'s transaction throws a business error', async () => {
    const before = await widgetCount();
    const payload = await mutate({ loaders: {} }, {}, 'widget', () =>
      handle.db.transaction(async (tx) => {
        await tx.insert(widgets).values({ id: 'w-half', status: 'draft', label: 'half' });
        throw badInput('The second half is invalid.', { field: 'parts[1]' });
      }),
    );
    expect(payload.userErrors).toEqual([expect.objectContaining({ code: 'BAD_USER_INPUT', field: ['input', 'parts', '1'] })]);
    expect(await widgetCount()).toBe(before);
  });

  it('does not clear what is not a DataLoader', async () => {
    const loaders = { ...requestLoaders(), cache: new Map([['k', 'v']]) };
    await mutate({ loaders }, {}, 'widget', async () => 1);
    expect(loaders.cache.get('k')).toBe('v');
    expect(loaders.widget).toBeInstanceOf(DataLoader);
  });
});

describe('Payload', () => {
  @ObjectType({ description: 'A thing.' })
  class Gadget {
    @Field(() => ID)
    id!: string;
  }
  const GadgetPayload = Payload('RenameGadgetPayload', 'gadget', Gadget, 'The outcome of renameGadget.');

  @Resolver()
  class GadgetResolver {
    @Query(() => GadgetPayload)
    renameGadget(): InstanceType<typeof GadgetPayload> {
      return { userErrors: [], clientMutationId: null };
    }
  }

  it('prints the entity nullable, userErrors non-null, clientMutationId nullable', async () => {
    const sdl = printSchema(await buildSchema({ resolvers: [GadgetResolver], validate: false }));
    const payload = /type RenameGadgetPayload \{[^}]*\}/.exec(sdl)?.[0];
    expect(payload).toBeDefined();
    expect(payload).toMatch(/^\s+gadget: Gadget$/m);
    expect(payload).toMatch(/^\s+userErrors: \[UserError!\]!$/m);
    expect(payload).toMatch(/^\s+clientMutationId: String$/m);
    expect(sdl).toMatch(/^\s+currentVersion: Int$/m);
  });
});
