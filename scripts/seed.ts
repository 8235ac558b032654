import { parseArgs } from 'node:util';
import { SingleBar, Presets } from 'cli-progress';
import { loadConfigOrExit } from '../services/kit/config';
import type { SeedProgress } from '../services/kit/seed';
import { seedDistrict } from './seed-district';

const USAGE = 'Usage: npm run seed -- --residents <count> [--seed <n>]   (DATABASE_URL: the PostgreSQL database to fill)';

/** A bar on a terminal; on a pipe or in CI, a plain line at each tenth, which logs keep readable. */
function progressOf(service: string): SeedProgress {
  let total = 0;
  let done = 0;
  if (process.stderr.isTTY) {
    const bar = new SingleBar(
      { format: `${service.padEnd(12)} [{bar}] {percentage}% | {value}/{total} rows | {duration_formatted}`, stream: process.stderr },
      Presets.shades_classic,
    );
    return {
      begin: (rows) => {
        total = rows;
        bar.start(rows, 0);
      },
      advance: (rows) => {
        done += rows;
        bar.update(done);
        if (done >= total) bar.stop();
      },
    };
  }
  let told = 0;
  return {
    begin: (rows) => {
      total = rows;
      process.stderr.write(`${service}: inserting ${rows.toLocaleString('en')} rows\n`);
    },
    advance: (rows) => {
      done += rows;
      const tenth = Math.floor((done / total) * 10);
      if (tenth > told) {
        told = tenth;
        process.stderr.write(`${service}: ${done.toLocaleString('en')}/${total.toLocaleString('en')} rows (${tenth * 10}%)\n`);
      }
    },
  };
}

/** `npm run seed -- --residents 200000`: a synthetic district of that size in the PostgreSQL at DATABASE_URL. */
async function main() {
  let values: { residents?: string; seed?: string };
  try {
    ({ values } = parseArgs({ options: { residents: { type: 'string' }, seed: { type: 'string' } } }));
  } catch (error) {
    process.stderr.write(`${(error as Error).message}\n${USAGE}\n`);
    process.exit(1);
  }
  const residents = Number(values.residents);
  const seed = Number(values.seed ?? 1);
  if (!Number.isSafeInteger(residents) || residents < 1 || !Number.isSafeInteger(seed)) {
    process.stderr.write(`--residents must be a whole number of at least 1 and --seed a whole number.\n${USAGE}\n`);
    process.exit(1);
  }
  const config = loadConfigOrExit();
  const urls = new Set(Object.values(config.services).map((service) => service.databaseUrl));
  const [databaseUrl] = urls;
  if (urls.size > 1) {
    process.stderr.write('npm run seed fills one database: unset the <SERVICE>_DATABASE_URL variables and set DATABASE_URL.\n');
    process.exit(1);
  }
  if (!databaseUrl) {
    process.stderr.write(`DATABASE_URL must name the PostgreSQL database to fill (the embedded one lives only as long as a process).\n${USAGE}\n`);
    process.exit(1);
  }
  const started = performance.now();
  const seeded = await seedDistrict({ residents, seed, database: databaseUrl, progress: progressOf });
  process.stdout.write(
    `District (seed ${seed}, scale ${seeded.scale.toFixed(3)}): ${seeded.residents.toLocaleString('en')} residents in ${seeded.households.toLocaleString('en')} households\n`,
  );
  const { subgraphs } = seeded;
  for (const { service, rows, seconds } of subgraphs) {
    process.stdout.write(`${service.padEnd(12)} ${rows ? `${rows.toLocaleString('en')} rows in ${seconds.toFixed(1)} s` : 'already seeded: left alone'}\n`);
  }
  process.stdout.write(`Seeded in ${((performance.now() - started) / 1000).toFixed(1)} s.\n`);
}

main().catch((error: unknown) => {
  process.stderr.write(`Seeding failed: ${error instanceof Error ? error.message : String(error)}\n`);
  process.exit(1);
});
