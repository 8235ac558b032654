import { EntityReference } from '../../kit/references';

/** Community's entities, as housing knows them: by key. Their other fields come from community. */

/** Extended with `renovationProjects`. */
export const CompoundReference = EntityReference('Compound', 'Residential compound (小区).');
/** Extended with `elevatorRetrofit` and `elevatorRetrofits`. */
export const BuildingReference = EntityReference('Building', 'Residential building (楼栋).');
/** Extended with `consentVote`. */
export const HouseholdReference = EntityReference('Household', 'Dwelling (户).');
