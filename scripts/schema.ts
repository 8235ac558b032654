import 'reflect-metadata';
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { printSchemaFiles } from './schema-files';

/** `npm run schema`: prints each subgraph's SDL to schema/ and composes schema/supergraph.graphql. */
async function main() {
  const dir = path.resolve(__dirname, '..', '..', 'schema');
  mkdirSync(dir, { recursive: true });
  for (const [file, text] of Object.entries(await printSchemaFiles())) {
    writeFileSync(path.join(dir, file), text);
    process.stdout.write(`wrote schema/${file}\n`);
  }
}

main().catch((error) => {
  process.stderr.write(`${error instanceof Error ? error.message : String(error)}\n`);
  process.exit(1);
});
