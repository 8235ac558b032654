import { execFile } from 'node:child_process';
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';

/**
 * `npm run schema:check` as CI runs it (the compiled script, after `npm run build`): it passes on the committed
 * schema/, fails on a baseline the code breaks (a field the code no longer has), and passes again once that break is
 * acknowledged with a reason and a CHANGELOG version.
 */
const root = path.join(__dirname, '..');
const script = path.join(root, 'dist/scripts/schema-check.js');

const check = (...args: string[]) =>
  new Promise<{ code: number; out: string }>((resolve) => {
    execFile(process.execPath, [script, ...args], { cwd: root, encoding: 'utf8' }, (error, stdout, stderr) =>
      resolve({ code: error ? Number(error.code) : 0, out: stdout + stderr }),
    );
  });

/** A copy of schema/ in which community's ResidentConnection (and so the supergraph's) still has `legacyTotal`. */
function baselineWithLegacyField(): string {
  const dir = mkdtempSync(path.join(tmpdir(), 'onegrid-schema-'));
  cpSync(path.join(root, 'schema'), dir, { recursive: true });
  const addField = (file: string, header: string) => {
    const text = readFileSync(path.join(dir, file), 'utf8');
    expect(text).toContain(header);
    writeFileSync(path.join(dir, file), text.replace(header, `${header}  legacyTotal: Int\n`));
  };
  addField('community.graphql', 'type ResidentConnection {\n');
  addField('supergraph.graphql', 'type ResidentConnection\n  @join__type(graph: COMMUNITY)\n{\n');
  return dir;
}

const acknowledgements = (dir: string, version: string) => {
  const file = path.join(dir, 'acknowledged.json');
  const entry = (schema: string) => ({ schema, change: 'FIELD_REMOVED', path: 'ResidentConnection.legacyTotal', reason: 'legacyTotal duplicated totalCount', version });
  writeFileSync(file, JSON.stringify({ acknowledged: [entry('community'), entry('supergraph')] }));
  return file;
};

describe('npm run schema:check', () => {
  let dir: string;
  beforeAll(() => {
    dir = baselineWithLegacyField();
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('passes on the committed schema, fails on a removed field, passes once it is acknowledged, refuses an unannounced version', async () => {
    const [committed, broken, acknowledged, unannounced] = await Promise.all([
      check(),
      check('--against', dir),
      check('--against', dir, '--acknowledgements', acknowledgements(dir, '0.2.0')),
      check('--against', dir, '--acknowledgements', acknowledgements(mkdtempSync(path.join(dir, 'x-')), '9.9.9')),
    ]);

    expect(committed.out).toContain('supergraph: no changes');
    expect(committed.out).toContain('community: no changes');
    expect(committed.code).toBe(0);

    expect(broken.out).toMatch(/community: 1 breaking \(0 acknowledged\)/);
    expect(broken.out).toMatch(/supergraph: 1 breaking \(0 acknowledged\)/);
    expect(broken.out).toMatch(/BREAKING\s+FIELD_REMOVED\s+ResidentConnection\.legacyTotal/);
    expect(broken.out).toContain('FAILED: 2 breaking change(s) not acknowledged');
    expect(broken.code).toBe(1);

    expect(acknowledged.out).toContain('[acknowledged for 0.2.0: legacyTotal duplicated totalCount]');
    expect(acknowledged.out).toContain('OK: no unacknowledged breaking change.');
    expect(acknowledged.code).toBe(0);

    expect(unannounced.out).toContain('CHANGELOG.md has no "## 9.9.9" section');
    expect(unannounced.code).toBe(2);
  }, 180_000);
});
