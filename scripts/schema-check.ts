import 'reflect-metadata';
import { execFileSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { printSchemaFiles } from './schema-files';
import { formatReport, readAcknowledgements, schemaChanges } from './schema-governance';

const USAGE = `npm run schema:check [-- --base <git ref> | --against <dir>] [--acknowledgements <file>]

Compares the supergraph and every subgraph's schema as the code builds them now with a baseline:
  (default)         the committed schema/ folder of this working tree
  --base <ref>      schema/ as committed at a git ref, e.g. main (catches a break even after \`npm run schema\`)
  --against <dir>   a folder of .graphql files
Exits 1 when a breaking change is not acknowledged in schema/breaking-changes.json.`;

const root = path.resolve(__dirname, '..', '..');

function option(args: string[], name: string): string | undefined {
  const i = args.indexOf(name);
  if (i < 0) return undefined;
  const value = args[i + 1];
  if (!value || value.startsWith('--')) throw new Error(`${name} needs a value\n\n${USAGE}`);
  return value;
}

/** The baseline's `.graphql` files: from a git ref, or from a folder (the working tree's schema/ by default). */
function baseline(args: string[]): { files: Record<string, string>; label: string } {
  const ref = option(args, '--base');
  if (ref) {
    const git = (...argv: string[]) => execFileSync('git', argv, { cwd: root, encoding: 'utf8', maxBuffer: 64 << 20 });
    const names = git('ls-tree', '--name-only', ref, 'schema/').split('\n').filter((f) => f.endsWith('.graphql'));
    return { files: Object.fromEntries(names.map((f) => [path.basename(f), git('show', `${ref}:${f}`)])), label: `schema/ at ${ref}` };
  }
  const dir = path.resolve(option(args, '--against') ?? path.join(root, 'schema'));
  const names = readdirSync(dir).filter((f) => f.endsWith('.graphql'));
  return { files: Object.fromEntries(names.map((f) => [f, readFileSync(path.join(dir, f), 'utf8')])), label: `${path.relative(root, dir) || dir}/` };
}

async function main(args: string[]) {
  if (args.includes('--help') || args.includes('-h')) return void process.stdout.write(`${USAGE}\n`);
  const { files: before, label } = baseline(args);
  const ackFile = path.resolve(option(args, '--acknowledgements') ?? path.join(root, 'schema', 'breaking-changes.json'));
  const acknowledged = existsSync(ackFile) ? readAcknowledgements(ackFile, readFileSync(path.join(root, 'CHANGELOG.md'), 'utf8')) : [];
  const after = await printSchemaFiles();
  const changes = await schemaChanges(before, after, acknowledged);
  const schemas = [...new Set([...Object.keys(before), ...Object.keys(after)])].map((f) => f.replace(/\.graphql$/, '')).sort();
  process.stdout.write(`Schema changes of the code against ${label}:\n${formatReport(changes, schemas)}\n`);
  const added = Object.keys(after).filter((f) => before[f] === undefined);
  if (added.length) process.stdout.write(`New schemas (nothing to break): ${added.join(', ')}\n`);
  const unacknowledged = changes.filter((c) => c.level === 'BREAKING' && !c.acknowledgement);
  if (unacknowledged.length === 0) return void process.stdout.write('OK: no unacknowledged breaking change.\n');
  const entries = unacknowledged.map(({ schema, change, path: at }) => ({ schema, change, path: at, reason: '<why clients must change>', version: '<x.y.z>' }));
  process.stdout.write(
    `\nFAILED: ${unacknowledged.length} breaking change(s) not acknowledged. If they are intended, announce them in a ` +
      `CHANGELOG.md section "## <x.y.z>" and add to "acknowledged" in ${path.relative(root, ackFile)}:\n${JSON.stringify(entries, null, 2)}\n`,
  );
  process.exitCode = 1;
}

main(process.argv.slice(2)).catch((error) => {
  process.stderr.write(`schema:check: ${error instanceof Error ? error.message : String(error)}\n`);
  process.exitCode = 2;
});
