import { Directive, Field, ID, Int, ObjectType } from 'type-graphql';
import { GridKind, GridWorkerRole } from './enums';

@Directive('@key(fields: "id")')
@ObjectType({ description: 'Grid (网格), the smallest unit of community governance.' })
export class Grid {
  @Field(() => ID)
  id!: string;

  @Field({ description: 'Grid code (网格编码).' })
  code!: string;

  @Field()
  name!: string;

  @Field(() => GridKind)
  kind!: GridKind;

  @Field(() => Int, { description: '1 for comprehensive and dedicated grids, 2 for their micro-grids.' })
  level!: number;

  parentId!: string | null;
  communityId!: string;
}

@Directive('@key(fields: "id")')
@ObjectType({ description: 'Grid worker (网格员); their work phone is public, as on the grid notice board.' })
export class GridWorker {
  @Field(() => ID)
  id!: string;

  @Field()
  name!: string;

  @Field()
  phone!: string;

  @Field(() => GridWorkerRole)
  role!: GridWorkerRole;
}
