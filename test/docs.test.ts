import { readFileSync } from 'node:fs';
import path from 'node:path';
import { configurationReference } from '../scripts/configuration-docs';
import { declaredVariables } from '../services/kit/variables';

const root = path.join(__dirname, '..');

describe('docs/', () => {
  it('holds the configuration reference the code declares (run `npm run docs` after adding a variable)', () => {
    expect(readFileSync(path.join(root, 'docs/configuration.md'), 'utf8')).toBe(configurationReference());
  });

  it('describes every declared variable in one line', () => {
    configurationReference();
    const undocumented = declaredVariables().filter((v) => !v.description.trim() || v.description.includes('\n'));
    expect(undocumented.map((v) => v.name)).toEqual([]);
  });

  it('keeps the README and docs free of references outside the repository', () => {
    const files = ['README.md', 'docs/architecture.md', 'docs/domain-rules.md', 'docs/deployment.md', 'docs/configuration.md'];
    for (const file of files) expect(readFileSync(path.join(root, file), 'utf8')).not.toMatch(/\.\.\/shared|DESIGN\.md|STACK-NOTES\.md|DOMAIN\.md/);
  });
});
