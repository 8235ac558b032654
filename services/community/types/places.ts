import { Directive, Field, ID, InputType, Int, ObjectType } from 'type-graphql';
import { MutationInput, Payload } from '../../kit/mutations';
import { Connection } from '../../kit/pagination';
import { DecimalScalar } from '../../kit/scalars';
import { PropertyManagement } from './enums';

@Directive('@key(fields: "id")')
@ObjectType({ description: 'Subdistrict (街道), the level above communities. Public directory data.' })
export class Subdistrict {
  @Field(() => ID, { description: 'Opaque identifier of the subdistrict.' })
  id!: string;

  @Field({ description: 'Name of the subdistrict (街道名称).' })
  name!: string;

  @Field({ description: '12-digit statistical region code (统计用区划代码).' })
  regionCode!: string;
}

@Directive('@key(fields: "id")')
@ObjectType({ description: 'Community (社区), run by a community residents committee (居委会). Public directory data.' })
export class Community {
  @Field(() => ID, { description: 'Opaque identifier of the community.' })
  id!: string;

  @Field({ description: 'Name of the community (社区名称).' })
  name!: string;

  subdistrictId!: string;
}

@Directive('@key(fields: "id")')
@ObjectType({ description: 'Residential compound (小区) or village (村). Public directory data.' })
export class Compound {
  @Field(() => ID, { description: 'Opaque identifier of the compound.' })
  id!: string;

  @Field({ description: 'Name of the compound or village (小区名称).' })
  name!: string;

  @Field(() => Int, { nullable: true, description: 'Year built (建成年份); null when unknown, as for most villages.' })
  builtYear!: number | null;

  @Field(() => PropertyManagement, { description: 'Who manages the compound (物业管理).' })
  propertyManagement!: PropertyManagement;

  communityId!: string;
}

@Directive('@key(fields: "id")')
@ObjectType({ description: 'Residential building (楼栋). Public directory data; its dwellings only for signed-in viewers.' })
export class Building {
  @Field(() => ID, { description: 'Opaque identifier of the building.' })
  id!: string;

  @Field({ description: 'Building number within its compound (楼号).' })
  number!: string;

  @Field(() => Int, { description: 'Number of storeys above ground (层数).' })
  floors!: number;

  @Field({ description: 'Whether the building has a lift (电梯).' })
  hasElevator!: boolean;

  compoundId!: string;
  gridId!: string;
  microGridId!: string | null;
}

@Directive('@key(fields: "id")')
@ObjectType({ description: 'Household (户): one dwelling in a building. Signed-in viewers only (else UNAUTHENTICATED).' })
export class Household {
  @Field(() => ID, { description: 'Opaque identifier of the household.' })
  id!: string;

  @Field(() => Int, { description: 'Stairwell unit (单元).' })
  unit!: number;

  @Field(() => Int, { description: 'Floor (楼层) the dwelling is on.' })
  floor!: number;

  @Field({ description: 'Room number (室号), e.g. 502.' })
  room!: string;

  @Field(() => DecimalScalar, { description: 'Floor area in m² (建筑面积), e.g. "85.5"; consent tallies weigh votes by it.' })
  areaM2!: number;

  buildingId!: string;
}

/** A building's dwellings, a page at a time. */
export const HouseholdConnection = Connection(Household);

@InputType({ description: 'A building moving to another comprehensive grid (楼栋划转), as when grids are redrawn.' })
export class ReassignBuildingInput extends MutationInput {
  @Field(() => ID, { description: 'The building (楼栋); NOT_FOUND if it does not exist.' })
  buildingId!: string;

  @Field(() => ID, {
    description: 'The comprehensive grid (综合网格) it moves to; NOT_FOUND if it does not exist, BAD_USER_INPUT if it is not comprehensive or is the building\'s grid already.',
  })
  gridId!: string;
}

export const ReassignBuildingPayload = Payload(
  'ReassignBuildingPayload',
  'building',
  Building,
  'The outcome of reassignBuilding: the building in its new grid, or userErrors (BAD_USER_INPUT, NOT_FOUND).',
);
