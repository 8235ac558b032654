import { Directive, Field, ID, ObjectType } from 'type-graphql';
import { Connection } from '../../kit/pagination';
import { DecimalScalar } from '../../kit/scalars';
import { RiverChiefLevel, WaterQualityClass } from './enums';

@Directive('@key(fields: "id")')
@ObjectType({ description: 'A river (河流) of the district under the river chief system (河长制). Public, like a river chief board (河长公示牌).' })
export class River {
  @Field(() => ID, { description: "The river's id." })
  id!: string;

  @Field({ description: 'Its name (河流名称).' })
  name!: string;

  @Field(() => DecimalScalar, { description: 'Its length within the district, in km (河长度).' })
  lengthKm!: string;

  @Field(() => WaterQualityClass, { description: 'The water quality it must reach (水质目标).' })
  waterQualityTarget!: WaterQualityClass;
}

@ObjectType({ description: 'A page of rivers (Relay connection).' })
export class RiverConnection extends Connection(River) {}

@Directive('@key(fields: "id")')
@ObjectType({ description: 'A stretch of a river (河段) in one community, with its own chiefs and patrols. Public.' })
export class RiverSegment {
  @Field(() => ID, { description: "The segment's id." })
  id!: string;

  @Field({ description: 'Its name (河段名称), e.g. 清河·柳塘段.' })
  name!: string;

  @Field(() => DecimalScalar, { description: 'Its length, in km.' })
  lengthKm!: string;

  @Field(() => WaterQualityClass, { description: 'The water quality it must reach (水质目标).' })
  waterQualityTarget!: WaterQualityClass;

  riverId!: string;
  communityId!: string;
  gridId!: string;
}

@Directive('@key(fields: "id")')
@ObjectType({ description: 'A river chief (河长): an official, or a civilian volunteer, answerable for river segments. Public, as on the river chief board.' })
export class RiverChief {
  @Field(() => ID, { description: "The chief's id." })
  id!: string;

  @Field({ description: 'Their name (姓名).' })
  name!: string;

  @Field(() => RiverChiefLevel, { description: 'Their level (河长级别).' })
  level!: RiverChiefLevel;

  @Field({ description: 'The office that makes them chief (职务), e.g. 区长, 街道办事处主任, 村党支部书记, 民间河长.' })
  position!: string;

  @Field(() => String, { nullable: true, description: 'The civilian chief team (民间河长队) they belong to; null for officials.' })
  team!: string | null;

  gridWorkerId!: string | null;
  residentId!: string | null;
}
