import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import semver from 'semver';

/**
 * npm as users know it: npm's own messages are not silenced, and `engines` promises only Node versions every
 * production dependency accepts. package-lock.json records each installed package's `engines`, so this reads the
 * whole production tree (direct and transitive) without walking node_modules.
 */
const root = path.join(__dirname, '..');
const pkg = JSON.parse(readFileSync(path.join(root, 'package.json'), 'utf8')) as { engines: { node: string } };
const lock = JSON.parse(readFileSync(path.join(root, 'package-lock.json'), 'utf8')) as {
  packages: Record<string, { version?: string; dev?: boolean; engines?: { node?: string } | string[] }>;
};

/**
 * Declared stricter than what they need. @whatwg-node/promise-helpers 2 (under @apollo/server via @graphql-tools)
 * says Node >= 22.15 but uses nothing newer than Node 20 has: the whole suite runs on Node 20 in CI.
 */
const RUNS_ON_NODE_20 = ['@whatwg-node/promise-helpers'];

const productionEngines = Object.entries(lock.packages).flatMap(([where, entry]) => {
  const range = !Array.isArray(entry.engines) ? entry.engines?.node : undefined;
  if (where === '' || entry.dev || !range) return [];
  return [{ name: where.slice(where.lastIndexOf('node_modules/') + 'node_modules/'.length), version: entry.version, range }];
});

/** The lowest version of each release line our range allows, e.g. `^20.17.0 || >=22.15.0` → 20.17.0, 22.15.0. */
const lowestAllowed = pkg.engines.node.split('||').map((part) => semver.minVersion(part.trim())!.version);

describe('package.json', () => {
  it('leaves npm\'s own messages on: no .npmrc silences them', () => {
    const npmrc = path.join(root, '.npmrc');
    if (existsSync(npmrc)) expect(readFileSync(npmrc, 'utf8')).not.toMatch(/loglevel\s*=\s*silent/);
  });

  it('promises in engines.node only Node versions every production dependency accepts', () => {
    expect(productionEngines.length).toBeGreaterThan(20);
    const refused = lowestAllowed.flatMap((node) =>
      productionEngines
        .filter((dep) => !semver.satisfies(node, dep.range) && !(semver.major(node) === 20 && RUNS_ON_NODE_20.includes(dep.name)))
        .map((dep) => `Node ${node}: ${dep.name}@${dep.version} needs ${dep.range}`),
    );
    expect(refused).toEqual([]);
  });

  it('asks no more than the strictest dependency needs on Node 20 (the runtime image is node:20-slim)', () => {
    const node20 = lowestAllowed.find((version) => semver.major(version) === 20)!;
    const [major, minor, patch] = node20.split('.').map(Number) as [number, number, number];
    const below = patch > 0 ? `${major}.${minor}.${patch - 1}` : `${major}.${minor - 1}.999`;
    expect(productionEngines.some((dep) => !semver.satisfies(below, dep.range) && !RUNS_ON_NODE_20.includes(dep.name))).toBe(true);
  });
});
