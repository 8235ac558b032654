import { Directive, Field, Float, ID, Int, ObjectType } from 'type-graphql';
import { PropertyManagement } from './enums';

@Directive('@key(fields: "id")')
@ObjectType({ description: 'Subdistrict (街道), the level above communities.' })
export class Subdistrict {
  @Field(() => ID)
  id!: string;

  @Field()
  name!: string;

  @Field({ description: '12-digit statistical region code (统计用区划代码).' })
  regionCode!: string;
}

@Directive('@key(fields: "id")')
@ObjectType({ description: 'Community (社区), run by a community residents committee.' })
export class Community {
  @Field(() => ID)
  id!: string;

  @Field()
  name!: string;

  subdistrictId!: string;
}

@Directive('@key(fields: "id")')
@ObjectType({ description: 'Residential compound (小区) or village (村).' })
export class Compound {
  @Field(() => ID)
  id!: string;

  @Field()
  name!: string;

  @Field(() => Int, { nullable: true, description: 'Year built; unknown for villages.' })
  builtYear!: number | null;

  @Field(() => PropertyManagement)
  propertyManagement!: PropertyManagement;

  communityId!: string;
}

@Directive('@key(fields: "id")')
@ObjectType({ description: 'Residential building (楼栋).' })
export class Building {
  @Field(() => ID)
  id!: string;

  @Field({ description: 'Building number within its compound (楼号).' })
  number!: string;

  @Field(() => Int)
  floors!: number;

  @Field()
  hasElevator!: boolean;

  compoundId!: string;
  gridId!: string;
  microGridId!: string | null;
}

@Directive('@key(fields: "id")')
@ObjectType({ description: 'Household (户): one dwelling in a building.' })
export class Household {
  @Field(() => ID)
  id!: string;

  @Field(() => Int, { description: 'Stairwell unit (单元).' })
  unit!: number;

  @Field(() => Int)
  floor!: number;

  @Field({ description: 'Room number, e.g. 502.' })
  room!: string;

  @Field(() => Float, { description: 'Floor area in m² (建筑面积), used by consent tallies.' })
  areaM2!: number;

  buildingId!: string;
}
