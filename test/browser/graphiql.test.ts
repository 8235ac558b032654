import { existsSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { chromium, type BrowserContext, type Page } from 'playwright-core';
import { DEMO_IDS } from '../../services/demo';
import { communitySubgraph } from '../../services/community';
import { startTestStack, tokenFor, type TestStack } from '../support/stack';

/**
 * The explorer as a developer on a closed network meets it: Debian's Chromium, with every request beyond loopback
 * refused (and counted: one is a failure), opens the gateway's /graphiql, puts a token in the header editor, runs an
 * example operation and sees the answer. The screenshot is kept in test-output/.
 */
const CHROMIUM = '/usr/bin/chromium';
const SCREENSHOT = path.join(__dirname, '..', '..', 'test-output', 'graphiql.png');
const available = existsSync(CHROMIUM);
if (!available) {
  console.warn(`Browser test skipped: ${CHROMIUM} is absent. Enable it with \`apt-get install -y chromium\` (as root; .ci/run does it).`);
}

const LOOPBACK = new Set(['localhost', '127.0.0.1', '[::1]']);

(available ? describe : describe.skip)('the explorer in a browser', () => {
  let stack: TestStack;
  let profile: string;
  let browser: BrowserContext;
  let page: Page;
  const outside: string[] = [];
  const cspViolations: string[] = [];

  beforeAll(async () => {
    stack = await startTestStack([communitySubgraph]);
    profile = mkdtempSync(path.join(tmpdir(), 'onegrid-chromium-'));
    browser = await chromium.launchPersistentContext(profile, {
      executablePath: CHROMIUM,
      headless: true,
      args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking',
        '--disable-component-update', '--disable-sync'],
      viewport: { width: 1400, height: 900 },
    });
    await browser.route('**/*', (route) => {
      const url = new URL(route.request().url());
      if (LOOPBACK.has(url.hostname)) return route.continue();
      outside.push(url.href);
      return route.abort();
    });
    page = browser.pages()[0] ?? (await browser.newPage());
    page.on('console', (message) => {
      if (/Content.Security.Policy/i.test(message.text())) cspViolations.push(message.text());
    });
  }, 240_000);
  afterAll(async () => {
    // What the page showed, kept whether the test passed or not.
    if (page) {
      mkdirSync(path.dirname(SCREENSHOT), { recursive: true });
      await page.screenshot({ path: SCREENSHOT, fullPage: true });
    }
    await browser?.close();
    await stack?.stop();
    if (profile) rmSync(profile, { recursive: true, force: true });
  });

  /** Replaces the text of a Monaco editor as a person would: select all, then type over it. */
  async function typeInto(editor: string, text: string) {
    // Monaco's text lines take the click and focus its input.
    await page.locator(`${editor} .view-lines`).click();
    await page.keyboard.press('Control+A');
    await page.keyboard.press('Delete');
    await page.keyboard.insertText(text);
  }

  it('runs an example operation with the token from the header editor and shows the answer, fetching nothing from outside', async () => {
    const token = await tokenFor({ sub: `worker:${DEMO_IDS.fullTimeWorker}`, roles: ['grid_worker'], gridIds: [DEMO_IDS.grid] });
    const base = stack.gateway.url.replace(/\/graphql$/, '');
    const opened = await page.goto(`${base}/graphiql`);
    expect(opened?.status()).toBe(200);
    expect(opened?.headers()['content-security-policy']).toContain("default-src 'self'");

    // The example operations the gateway can answer are preloaded as tabs, named after their operation.
    const tab = page.locator('.graphiql-tab', { hasText: 'ResidentsLivingAlone' });
    await tab.waitFor({ timeout: 60_000 });
    await tab.click();

    // The header editor is open by default; a person who closed it opens it again.
    const headers = '.graphiql-editor-tool .graphiql-editor:not(.hidden)';
    if (!(await page.locator(headers).isVisible())) await page.getByRole('button', { name: 'Headers' }).click();
    await typeInto(headers, JSON.stringify({ Authorization: `Bearer ${token}` }));
    await page.locator('.graphiql-execute-button').click();

    const response = page.locator('.graphiql-response', { hasText: 'totalCount' });
    await response.waitFor({ timeout: 30_000 });
    // Monaco lays text out with non-breaking spaces.
    const answer = ((await response.textContent()) ?? '').replace(/\s+/g, ' ');
    expect(answer).toMatch(/"totalCount": \d+/);
    expect(answer).not.toContain('UNAUTHENTICATED');
    expect(answer).toMatch(/"residents": \{ "totalCount": [1-9]\d*, "edges": \[ \{ "node": \{ "name": "[^"]+"/);
    expect(outside).toEqual([]);
    expect(cspViolations).toEqual([]);
  }, 120_000);
});
