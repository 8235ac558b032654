/**
 * The district's plain records, in the domain's terms: no subgraph's tables, so any subgraph may derive its rows
 * from them. Read-only: one district is shared by every subgraph that seeds from it.
 */

export type Gender = 'FEMALE' | 'MALE';
/** What a grid worker records about a resident; ELDERLY is derived from the birth date and never recorded. */
export type ResidentTag = 'LIVES_ALONE' | 'EMPTY_NEST' | 'NO_KIN' | 'DISABLED' | 'LOW_INCOME' | 'VETERAN';
export type PropertyManagement = 'COMPANY' | 'SELF_GOVERNED' | 'NONE';
export type GridKind = 'COMPREHENSIVE' | 'DEDICATED' | 'MICRO';
export type GridWorkerRole = 'GRID_CHIEF' | 'FULL_TIME' | 'PART_TIME' | 'MICRO_GRID_LIAISON' | 'BUILDING_LEADER' | 'VOLUNTEER';
export type SafetyDeviceKind = 'SMOKE_ALARM' | 'SOS_BUTTON';

export interface DemoSubdistrict {
  readonly id: string;
  readonly name: string;
  /** 12-digit statistical code. */
  readonly regionCode: string;
}

export interface DemoCommunity {
  readonly id: string;
  readonly subdistrictId: string;
  readonly name: string;
}

export interface DemoGrid {
  readonly id: string;
  readonly communityId: string;
  readonly parentId: string | null;
  readonly code: string;
  readonly name: string;
  readonly kind: GridKind;
  readonly level: number;
}

export interface DemoGridWorker {
  readonly id: string;
  readonly name: string;
  readonly phone: string;
  readonly role: GridWorkerRole;
}

export interface DemoGridAssignment {
  readonly gridId: string;
  readonly gridWorkerId: string;
}

export interface DemoCompound {
  readonly id: string;
  readonly communityId: string;
  readonly name: string;
  /** Null for a village. */
  readonly builtYear: number | null;
  readonly propertyManagement: PropertyManagement;
}

export interface DemoBuilding {
  readonly id: string;
  readonly compoundId: string;
  /** The comprehensive grid. */
  readonly gridId: string;
  readonly microGridId: string;
  /** Numbered within the compound from '1'. */
  readonly number: string;
  readonly floors: number;
  /** Built with a lift (a retrofit does not change it: see elevatorRetrofits). */
  readonly hasElevator: boolean;
}

export interface DemoHousehold {
  readonly id: string;
  readonly buildingId: string;
  readonly unit: number;
  readonly floor: number;
  readonly room: string;
  areaM2: number;
}

export interface DemoResident {
  readonly id: string;
  readonly householdId: string;
  readonly name: string;
  readonly gender: Gender;
  readonly birthDate: string;
  readonly phone: string | null;
  readonly idNumber: string;
  readonly tags: readonly ResidentTag[];
}

/** A device fitted in a home and networked to the community. */
export interface DemoSafetyDevice {
  readonly id: string;
  readonly householdId: string;
  readonly kind: SafetyDeviceKind;
}

/** A lift added to a walk-up (加装电梯): the compound's first, second, third… */
export interface DemoElevatorRetrofit {
  readonly id: string;
  readonly buildingId: string;
  readonly ordinal: number;
  /** Built and running; otherwise the households' coordination is done and the works are ahead. */
  readonly inService: boolean;
}

/** The demo district: its places, people and grids, and the facts several subgraphs must agree on. */
export interface DemoDistrict {
  readonly subdistricts: readonly DemoSubdistrict[];
  readonly communities: readonly DemoCommunity[];
  readonly grids: readonly DemoGrid[];
  readonly gridWorkers: readonly DemoGridWorker[];
  readonly gridAssignments: readonly DemoGridAssignment[];
  readonly compounds: readonly DemoCompound[];
  readonly buildings: readonly DemoBuilding[];
  readonly households: readonly DemoHousehold[];
  readonly residents: readonly DemoResident[];
  /** Smoke alarms and SOS buttons in the homes of elders living alone. */
  readonly safetyDevices: readonly DemoSafetyDevice[];
  /** The elevator retrofits of the big compound, in the order they were undertaken. */
  readonly elevatorRetrofits: readonly DemoElevatorRetrofit[];
}
