import { existsSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { ESLint } from 'eslint';

/** The linter guards the code's shape (eslint.config.mjs): these prove its rules fire, and that the tree obeys them. */
const root = path.join(__dirname, '..');
const eslint = new ESLint({ cwd: root });

/** Lints a throwaway file placed at `relativePath`, then removes it: the messages ESLint gives for it. */
async function lintProbe(relativePath: string, text: string) {
  const file = path.join(root, relativePath);
  writeFileSync(file, text);
  try {
    const [result] = await eslint.lintFiles([file]);
    return result!.messages.map(({ ruleId, message, line }) => ({ ruleId, message, line }));
  } finally {
    rmSync(file, { force: true });
  }
}

const probeName = `lint-probe-${process.pid}.ts`;

describe('the linter', () => {
  it('refuses a subgraph importing another subgraph, and says why', async () => {
    const messages = await lintProbe(
      `services/elderly-care/${probeName}`,
      "import { communitySubgraph } from '../community';\nexport const peer = communitySubgraph.name;\n",
    );
    expect(messages).toEqual([
      expect.objectContaining({
        ruleId: 'import/no-restricted-paths',
        line: 1,
        message: expect.stringMatching(/"\.\.\/community" imported in restricted zone\. A subgraph never imports another subgraph/),
      }),
    ]);
  });

  it('refuses the kit importing a subgraph or the registry', async () => {
    const messages = await lintProbe(
      `services/kit/${probeName}`,
      "import { elderlyCareSubgraph } from '../elderly-care';\nimport { SUBGRAPHS } from '../index';\nexport const names = [elderlyCareSubgraph.name, SUBGRAPHS.length];\n",
    );
    expect(messages.map(({ ruleId, line }) => ({ ruleId, line }))).toEqual([
      { ruleId: 'import/no-restricted-paths', line: 1 },
      { ruleId: 'import/no-restricted-paths', line: 2 },
    ]);
    expect(messages[0]!.message).toMatch(/The kit is domain-free/);
  });

  it('lets only a subgraph\'s demo.ts import the demo district', async () => {
    // A module of services/demo to import (the folder may not exist yet on this branch: then it is made for the test).
    const demoFolder = path.join(root, 'services/demo');
    const madeFolder = !existsSync(demoFolder);
    mkdirSync(demoFolder, { recursive: true });
    const target = path.join(demoFolder, probeName);
    writeFileSync(target, 'export const district = 1;\n');
    const importDemo = `import { district } from '../demo/${probeName.replace(/\.ts$/, '')}';\nexport const seeded = district;\n`;
    try {
      const elsewhere = await lintProbe(`services/elderly-care/${probeName}`, importDemo);
      expect(elsewhere).toEqual([expect.objectContaining({ ruleId: 'import/no-restricted-paths', message: expect.stringMatching(/Only a subgraph's demo\.ts/) })]);
      // demo.ts itself may exist (another change writes it): linted as text under its name, never overwritten.
      const [fromDemo] = await eslint.lintText(importDemo, { filePath: path.join(root, 'services/elderly-care/demo.ts') });
      expect(fromDemo!.messages).toEqual([]);
    } finally {
      rmSync(madeFolder ? demoFolder : target, { recursive: true, force: true });
    }
  });

  it('refuses process.env outside configuration code, and any in services/', async () => {
    const messages = await lintProbe(
      `services/community/${probeName}`,
      'export const level = process.env.LOG_LEVEL;\nexport const loose: any = level;\nconst { env } = process;\nexport const port = env.PORT;\n',
    );
    expect(messages.map(({ ruleId, line }) => ({ ruleId, line }))).toEqual([
      { ruleId: 'no-restricted-syntax', line: 1 },
      { ruleId: '@typescript-eslint/no-explicit-any', line: 2 },
      { ruleId: 'no-restricted-syntax', line: 3 },
    ]);
  });

  it('lets a subgraph use the kit and its own modules', async () => {
    const messages = await lintProbe(
      `services/community/${probeName}`,
      "import { envPrefix } from '../kit/config';\nimport { communitySubgraph } from './index';\nexport const prefix = envPrefix(communitySubgraph.name);\n",
    );
    expect(messages).toEqual([]);
  });

  it('finds nothing to report in the repository', async () => {
    const results = await eslint.lintFiles(['.']);
    const problems = results.flatMap((result) =>
      result.messages.map((m) => `${path.relative(root, result.filePath)}:${m.line} ${m.ruleId ?? ''} ${m.message}`),
    );
    expect(problems).toEqual([]);
  }, 60_000);
});
