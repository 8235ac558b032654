import { Directive, Field, ID, InputType, Int, ObjectType } from 'type-graphql';
import { Connection } from '../../kit/pagination';
import { MutationInput, Payload } from '../../kit/mutations';
import { GridKind, GridWorkerRole } from './enums';

@Directive('@key(fields: "id")')
@ObjectType({ description: 'Grid (网格), the smallest unit of community governance. Public directory data.' })
export class Grid {
  @Field(() => ID, { description: 'Opaque identifier of the grid.' })
  id!: string;

  @Field({ description: 'Grid code (网格编码).' })
  code!: string;

  @Field({ description: 'Name of the grid (网格名称).' })
  name!: string;

  @Field(() => GridKind, { description: 'Kind of grid (网格类型): comprehensive, dedicated or micro.' })
  kind!: GridKind;

  @Field(() => Int, { description: '1 for comprehensive and dedicated grids, 2 for their micro-grids (网格层级).' })
  level!: number;

  parentId!: string | null;
  communityId!: string;
}

@Directive('@key(fields: "id")')
@ObjectType({ description: 'Grid worker (网格员). Public directory data: their work phone is public, as on the grid notice board.' })
export class GridWorker {
  @Field(() => ID, { description: 'Opaque identifier of the grid worker.' })
  id!: string;

  @Field({ description: 'Full name (姓名).' })
  name!: string;

  @Field({ description: 'Work phone (工作电话).' })
  phone!: string;

  @Field(() => GridWorkerRole, { description: 'Role in the grid (网格员角色).' })
  role!: GridWorkerRole;
}

/** A community's grids, a page at a time. */
export const GridConnection = Connection(Grid);
/** A grid's workers, a page at a time. */
export const GridWorkerConnection = Connection(GridWorker);

@InputType({ description: 'A grid worker to assign to a grid (网格员分配).' })
export class AssignGridWorkerInput extends MutationInput {
  @Field(() => ID, { description: 'The grid (网格); NOT_FOUND if it does not exist.' })
  gridId!: string;

  @Field(() => ID, { description: 'The grid worker (网格员); NOT_FOUND if they do not exist.' })
  gridWorkerId!: string;
}

export const AssignGridWorkerPayload = Payload(
  'AssignGridWorkerPayload',
  'grid',
  Grid,
  'The outcome of assignGridWorker: the grid with its workers, or userErrors (NOT_FOUND).',
);
