/**
 * Community's demo rows (docs/domain-rules.md, community): the demo district's places, people and grids, which are community's
 * own records, and the seeder that writes them once.
 */
import { buildDemoDistrict, type DemoDistrict } from '../demo';
import type { Database } from '../kit/db';
import { rowsFor, seedOnce, type Insert, type SeedOptions } from '../kit/seed';
import { buildings, communities, compounds, gridAssignments, gridWorkers, grids, households, residents, subdistricts } from './tables';

/** The demo pins every id, so tests and docs can name rows. */
type InsertWithId<T extends { $inferInsert: object }> = Insert<T> & { id: string };

export interface CommunityDemo {
  subdistricts: readonly InsertWithId<typeof subdistricts>[];
  communities: readonly InsertWithId<typeof communities>[];
  grids: readonly InsertWithId<typeof grids>[];
  gridWorkers: readonly InsertWithId<typeof gridWorkers>[];
  gridAssignments: readonly Insert<typeof gridAssignments>[];
  compounds: readonly InsertWithId<typeof compounds>[];
  buildings: readonly InsertWithId<typeof buildings>[];
  households: readonly InsertWithId<typeof households>[];
  residents: readonly InsertWithId<typeof residents>[];
}

/** Community's rows of a demo district. Pure; the district's records are community's rows as they are. */
export function buildCommunityDemo(district: DemoDistrict): CommunityDemo {
  return {
    subdistricts: district.subdistricts,
    communities: district.communities,
    grids: district.grids,
    gridWorkers: district.gridWorkers,
    gridAssignments: district.gridAssignments,
    compounds: district.compounds,
    buildings: district.buildings,
    households: district.households,
    // The district's tag lists are frozen; a row takes its own copy.
    residents: district.residents.map((resident) => ({ ...resident, tags: [...resident.tags] })),
  };
}

/**
 * Writes community's demo rows in one transaction, in foreign-key order; does nothing when subdistricts already has
 * rows, so a restarted service does not seed twice. Returns what it inserted.
 */
export async function seedCommunity(db: Database, options: SeedOptions = {}): Promise<{ residents: number; households: number }> {
  const demo = await seedOnce(db, {
    guard: subdistricts,
    build: () => buildCommunityDemo(buildDemoDistrict({ seed: options.seed, scale: options.scale })),
    rows: (rows) => [
      rowsFor(subdistricts, rows.subdistricts),
      rowsFor(communities, rows.communities),
      rowsFor(grids, rows.grids),
      rowsFor(gridWorkers, rows.gridWorkers),
      rowsFor(gridAssignments, rows.gridAssignments),
      rowsFor(compounds, rows.compounds),
      rowsFor(buildings, rows.buildings),
      rowsFor(households, rows.households),
      rowsFor(residents, rows.residents),
    ],
  }, options.progress);
  return { residents: demo?.residents.length ?? 0, households: demo?.households.length ?? 0 };
}
