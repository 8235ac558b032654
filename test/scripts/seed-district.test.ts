import { residents } from '../../services/community/tables';
import type { DatabaseHandle } from '../../services/kit/db';
import { residentCopies } from '../../services/safety/tables';
import { seedDistrict } from '../../scripts/seed-district';
import { openTestDatabase } from '../support/database';
import { rowCount } from '../support/graphql';

describe('seedDistrict (npm run seed)', () => {
  let handle: DatabaseHandle;
  beforeAll(async () => {
    handle = await openTestDatabase();
  }, 120_000);
  afterAll(() => handle.close());

  it('fills every subgraph with a district of about the size asked, reporting each batch, and leaves a seeded database alone', async () => {
    const told: Record<string, { total: number; inserted: number }> = {};
    const seeded = await seedDistrict({
      residents: 3000,
      database: handle,
      progress: (service) => {
        told[service] = { total: 0, inserted: 0 };
        return { begin: (total) => void (told[service]!.total = total), advance: (rows) => void (told[service]!.inserted += rows) };
      },
    });
    expect(await rowCount({ handle }, residents)).toBe(seeded.residents);
    expect(await rowCount({ handle }, residentCopies)).toBe(seeded.residents);
    expect(seeded.residents).toBeGreaterThan(3000 * 0.9);
    expect(seeded.residents).toBeLessThan(3000 * 1.1);
    expect(seeded.subgraphs.map((s) => s.service)).toEqual(['community', 'elderly-care', 'housing', 'environment', 'safety']);
    for (const { service, rows } of seeded.subgraphs) {
      expect(rows).toBeGreaterThan(0);
      expect(told[service]).toEqual({ total: rows, inserted: rows });
    }

    const again = await seedDistrict({ residents: 3000, database: handle });
    expect(again.subgraphs.map((s) => s.rows)).toEqual([0, 0, 0, 0, 0]);
    expect(await rowCount({ handle }, residents)).toBe(seeded.residents);
  }, 300_000);
});
