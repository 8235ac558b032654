import 'reflect-metadata';
import { SUBGRAPHS } from '../services';
import { buildDemoDistrict } from '../services/demo';
import type { ServiceName } from '../services/kit/config';
import { openDatabase, type DatabaseHandle } from '../services/kit/db';
import type { SeedProgress } from '../services/kit/seed';
import { prepareDatabase } from '../services/kit/subgraph';

/**
 * Residents per unit of the demo district's scale, fitted over scales 1 to 5.4 (41,039 at 1, 216,065 at 5.4): a
 * requested size is reached by scaling every compound. A scale's district draws its own households, so the count
 * lands within about 7% of the request; the seed reports the real one.
 */
export const RESIDENTS_PER_SCALE = 39_500;

export interface DistrictSeedOptions {
  /** About how many residents the district should have (compounds scale; grids and their workers do not). */
  residents: number;
  /** The generator's PRNG seed: the same seed and size give the same district. */
  seed?: number;
  /** Where: a PostgreSQL URL, or an open database. */
  database: string | DatabaseHandle;
  /** Hears of each subgraph's rows as they are inserted. */
  progress?: (service: ServiceName) => SeedProgress;
}

export interface SeededSubgraph {
  service: ServiceName;
  rows: number;
  seconds: number;
}

/**
 * Migrates every subgraph's schema and fills it with a synthetic district of about `residents` residents, derived by
 * each subgraph from the same demo district (so they agree, as at scale 1). A subgraph already seeded is left alone
 * (rows 0): seed into a fresh database. Each subgraph's rows go in one transaction, in batches of 1,000.
 */
export async function seedDistrict(
  options: DistrictSeedOptions,
): Promise<{ scale: number; residents: number; households: number; subgraphs: SeededSubgraph[] }> {
  if (!(options.residents >= 1)) throw new RangeError(`residents must be at least 1, got ${options.residents}`);
  const scale = options.residents / RESIDENTS_PER_SCALE;
  const handle = typeof options.database === 'string' ? await openDatabase(options.database) : options.database;
  const subgraphs: SeededSubgraph[] = [];
  try {
    for (const module of SUBGRAPHS) {
      const started = performance.now();
      let rows = 0;
      const told = options.progress?.(module.name);
      const progress: SeedProgress = {
        begin: (total) => told?.begin(total),
        advance: (inserted) => {
          rows += inserted;
          told?.advance(inserted);
        },
      };
      await prepareDatabase(module, handle, { seed: { seed: options.seed ?? 1, scale, progress } });
      subgraphs.push({ service: module.name, rows, seconds: (performance.now() - started) / 1000 });
    }
  } finally {
    if (typeof options.database === 'string') await handle.close();
  }
  // The district the subgraphs seeded from, as generated (cached: no second generation).
  const district = buildDemoDistrict({ seed: options.seed ?? 1, scale });
  return { scale, residents: district.residents.length, households: district.households.length, subgraphs };
}
