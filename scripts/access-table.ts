import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { ACCESS_TABLE_FILES, withRenderedTable } from '../test/security/field-access.table';

// Writes the role × field table of test/security/field-access.table.ts into each file that shows it, between its markers.
const root = path.resolve(__dirname, '..', '..');
for (const file of ACCESS_TABLE_FILES) {
  const target = path.join(root, file);
  writeFileSync(target, withRenderedTable(readFileSync(target, 'utf8')));
}
