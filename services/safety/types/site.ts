import { IsInt, IsOptional, Length, Max, Min } from 'class-validator';
import { Directive, Field, ID, InputType, Int, ObjectType } from 'type-graphql';
import { Connection } from '../../kit/pagination';
import { CreateInput, Payload } from '../../kit/mutations';
import { DateScalar, DecimalScalar } from '../../kit/scalars';
import type { SiteKind as SiteKindValue } from '../rules/enums';
import { SiteKind } from './enums';

@Directive('@key(fields: "id")')
@ObjectType({ description: 'A place inspected and drilled for fire safety (消防场所): a market, a residential building, a shop, a kindergarten. Public.' })
export class Site {
  @Field(() => ID, { description: 'The site id.' })
  id!: string;

  @Field({ description: 'Its name.' })
  name!: string;

  @Field(() => SiteKind, { description: 'What kind of place it is.' })
  kind!: SiteKindValue;

  @Field({ description: 'Whether it is a fire safety key unit (消防安全重点单位): it drills every 6 months instead of yearly.' })
  isKeyUnit!: boolean;

  @Field({ description: 'Its address (地址).' })
  address!: string;

  @Field(() => Int, { nullable: true, description: 'The year it was built, when known.' })
  builtYear!: number | null;

  @Field(() => DecimalScalar, { nullable: true, description: 'Floor area in square metres (建筑面积), when known.' })
  areaM2!: string | null;

  communityId!: string;
  gridId!: string;
  buildingId!: string | null;
}
export const SiteConnection = Connection(Site);

@Directive('@key(fields: "id")')
@ObjectType({ description: 'A fire drill held, or planned, at a site (消防演练). Public: the drill schedule.' })
export class FireDrill {
  @Field(() => ID, { description: 'The drill id.' })
  id!: string;

  @Field({ description: 'When it is held (演练时间); in the future for a planned drill.' })
  heldAt!: Date;

  @Field({ description: 'Who organised it (组织单位).' })
  organizer!: string;

  @Field(() => Int, { description: 'How many people took part (参演人数).' })
  participants!: number;

  @Field({ description: 'What was practised (演练科目), e.g. a kitchen fire and evacuation.' })
  scenario!: string;

  @Field(() => Int, { nullable: true, description: 'Seconds until everyone was out (疏散用时); null until held.' })
  evacuationSeconds!: number | null;

  @Field(() => Int, { description: 'Hazards found during the drill.' })
  hazardsFound!: number;

  siteId!: string;
}
export const FireDrillConnection = Connection(FireDrill);

@InputType({ description: 'Filters fire drills; all given conditions apply.' })
export class FireDrillFilter {
  @Field(() => ID, { nullable: true, description: 'Drills at this site.' })
  siteId?: string;

  @Field(() => ID, { nullable: true, description: 'Drills at sites of this community.' })
  communityId?: string;

  @Field(() => DateScalar, { nullable: true, description: 'Held on or after this day.' })
  from?: string;

  @Field(() => DateScalar, { nullable: true, description: 'Held on or before this day.' })
  to?: string;
}

@InputType({ description: 'Filters sites.' })
export class SiteFilter {
  @Field(() => ID, { nullable: true, description: 'Sites of this community.' })
  communityId?: string;

  @Field(() => SiteKind, { nullable: true, description: 'Sites of this kind.' })
  kind?: SiteKindValue;
}

@InputType({ description: 'A fire drill held (or planned) at a site.' })
export class RecordFireDrillInput extends CreateInput {
  @Field(() => ID, { description: 'The site; NOT_FOUND if unknown.' })
  siteId!: string;

  @Field({ description: 'When.' })
  heldAt!: Date;

  @Field({ description: 'Who organised it (1 to 100 characters).' })
  @Length(1, 100)
  organizer!: string;

  @Field(() => Int, { description: 'How many took part (1 to 100,000).' })
  @IsInt()
  @Min(1)
  @Max(100_000)
  participants!: number;

  @Field({ description: 'What was practised (1 to 500 characters).' })
  @Length(1, 500)
  scenario!: string;

  @Field(() => Int, { nullable: true, description: 'Seconds until everyone was out.' })
  @IsOptional()
  @IsInt()
  @Min(1)
  evacuationSeconds?: number;

  @Field(() => Int, { nullable: true, description: 'Hazards found (default 0).' })
  @IsOptional()
  @IsInt()
  @Min(0)
  hazardsFound?: number;
}
export const RecordFireDrillPayload = Payload('RecordFireDrillPayload', 'fireDrill', FireDrill, 'The drill recorded, or why not.');
