import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';

/**
 * `npm run build`'s last step: bundles the explorer (explorer/ → dist/explorer) with Vite, only when its inputs
 * changed. A build takes tens of seconds and `npm test` builds first, so the inputs' hash is kept beside the output
 * and an unchanged explorer costs one hash.
 */
const root = path.join(__dirname, '..', '..');
const output = path.join(root, 'dist', 'explorer');
const stamp = path.join(output, '.inputs-hash');

const filesUnder = (dir: string): string[] =>
  readdirSync(dir, { withFileTypes: true }).flatMap((entry) =>
    entry.isDirectory() ? filesUnder(path.join(dir, entry.name)) : [path.join(dir, entry.name)],
  );

/** The explorer's sources, the example operations it preloads, and the locked versions of what it bundles. */
function inputsHash(): string {
  const hash = createHash('sha256');
  const files = [...filesUnder(path.join(root, 'explorer')), ...filesUnder(path.join(root, 'schema', 'operations')), path.join(root, 'package-lock.json')];
  for (const file of files.sort()) hash.update(path.relative(root, file)).update('\0').update(readFileSync(file)).update('\0');
  return hash.digest('hex');
}

function main() {
  const hash = inputsHash();
  if (existsSync(stamp) && readFileSync(stamp, 'utf8') === hash && existsSync(path.join(output, 'index.html'))) return;
  const vite = path.join(root, 'node_modules', 'vite', 'bin', 'vite.js');
  if (!existsSync(vite)) {
    // A production install (npm ci --omit=dev) has no Vite: the explorer is built where the dev dependencies are.
    process.stderr.write('Explorer not built: Vite is not installed (npm install with dev dependencies builds it).\n');
    return;
  }
  const started = Date.now();
  process.stderr.write('Building the explorer (dist/explorer)…\n');
  execFileSync(process.execPath, [vite, 'build', '--config', path.join(root, 'explorer', 'vite.config.mjs')], { cwd: root, stdio: 'inherit' });
  writeFileSync(stamp, hash);
  process.stderr.write(`Explorer built in ${((Date.now() - started) / 1000).toFixed(1)} s.\n`);
}

main();
