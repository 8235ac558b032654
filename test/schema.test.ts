import { readFileSync } from 'node:fs';
import path from 'node:path';
import { printSchemaFiles } from '../scripts/schema-files';

describe('schema/', () => {
  it('holds exactly what the code prints (run `npm run schema` after changing a type)', async () => {
    const files = await printSchemaFiles();
    expect(Object.keys(files).sort()).toEqual(expect.arrayContaining(['community.graphql', 'supergraph.graphql']));
    for (const [file, text] of Object.entries(files)) {
      expect(readFileSync(path.join(__dirname, '..', 'schema', file), 'utf8')).toBe(text);
    }
  });
});
