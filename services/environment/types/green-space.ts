import { Directive, Field, ID, ObjectType } from 'type-graphql';
import { Connection } from '../../kit/pagination';
import { DecimalScalar } from '../../kit/scalars';

@Directive('@key(fields: "id")')
@ObjectType({ description: 'A pocket park or other green space (口袋公园 / 绿地) of a grid. Public.' })
export class GreenSpace {
  @Field(() => ID, { description: "The green space's id." })
  id!: string;

  @Field({ description: 'Its name (名称).' })
  name!: string;

  @Field(() => DecimalScalar, { description: 'Its area, in m² (面积).' })
  areaM2!: string;

  @Field({ description: 'Who looks after it (养护单位), e.g. a property company or the community.' })
  maintainer!: string;

  gridId!: string;
  communityId!: string;
}

@ObjectType({ description: 'A page of green spaces (Relay connection).' })
export class GreenSpaceConnection extends Connection(GreenSpace) {}
