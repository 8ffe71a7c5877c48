import { execFile } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { BrowserContext, Page, chromium } from 'playwright-core';
import { bucketOf } from '@switchyard/routing-gateway';
import { RunningApp, startApp } from '../support/app-harness';
import { createTestDatabase } from '../support/databases';
import { Caller, call, insertTenantWithOwner, login } from '../support/identity';
import { LegacyStandIn } from '../support/legacy-stand-in';
import { eventually } from '../support/poll';
import { ProbeModule } from '../support/probe.module';
import { TEST_REDIS_URL, runId } from '../support/test-environment';

const ROOT = join(__dirname, '..', '..');
const SCREENSHOTS = join(ROOT, 'docs', 'console');
/** Debian's Chromium (apt-get install chromium; .ci/run installs it): Playwright never downloads a browser here. */
const CHROMIUM = '/usr/bin/chromium';
// Without the background-networking flags Chromium keeps dialling Google's hosts, which this closed network refuses.
const CHROMIUM_FLAGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

const feature = (key: string, allow: string[]) => ({
  key,
  enabled: true,
  tenants: { allow, deny: [] },
  spaces: { allow: [], deny: [] },
  percentage: 0,
  stickBy: 'tenant',
  salt: `${key}-v1`,
});

const RULES = {
  default: 'legacy',
  features: [feature('spaces-api', ['acme']), feature('probe', ['acme']), feature('boom', ['acme'])],
  rules: [
    {
      match: { pathPrefix: '/api/v1/spaces', methods: ['GET', 'POST'] },
      feature: 'spaces-api',
      target: 'new',
      fallback: 'safe',
      timeoutMs: 5000,
    },
    { match: { pathPattern: '/api/v1/probe/shadowed' }, feature: 'probe', target: 'shadow', fallback: 'off', timeoutMs: 5000 },
    // ProbeModule answers this path with a 500 on the new side: what makes the rollback monitor trip.
    { match: { pathPattern: '/api/v1/probe/boom' }, feature: 'boom', target: 'new', fallback: 'off', timeoutMs: 5000 },
  ],
  shadow: { ignorePaths: ['**.generatedAt'], maxConcurrency: 2, sampleSize: 10, maxDifferences: 20 },
  // Trips on the error rate alone once both sides saw 3 requests; the latency rule is out of reach (100 × 60 s).
  rollback: { enabled: true, windowMs: 60000, minRequests: 3, errorRateFactor: 2, p95Factor: 100, p95FloorMs: 60000 },
};

describe('migration console in a real browser', () => {
  const directory = mkdtempSync(join(tmpdir(), 'swy-console-'));
  let database: Awaited<ReturnType<typeof createTestDatabase>>;
  let legacy: LegacyStandIn;
  let running: RunningApp;
  let acme: Caller;
  let globex: Caller;
  let browser: BrowserContext;
  let page: Page;
  /** Script errors and refusals the page met (a CSP violation is reported as a console error). */
  const pageProblems: string[] = [];

  const screenshot = (name: string) => page.screenshot({ path: join(SCREENSHOTS, `${name}.png`), fullPage: true });
  const spacesAs = (caller: Caller) => fetch(`${running.baseUrl}/api/v1/spaces`, { headers: caller.headers });
  const open = async (screen: string) => {
    await page.getByRole('link', { name: screen, exact: true }).click();
    await page.getByRole('heading', { level: 1, name: screen }).waitFor();
    await page.locator('main[aria-busy]').waitFor({ state: 'detached' });
  };

  beforeAll(async () => {
    const consoleDirectory = join(directory, 'console');
    // The same build npm run build makes, into a folder of this run: the test needs no prior build.
    await promisify(execFile)(
      process.execPath,
      [
        join(ROOT, 'node_modules', 'vite', 'bin', 'vite.js'),
        'build',
        'apps/console',
        '--base',
        '/console/',
        '--outDir',
        consoleDirectory,
        '--emptyOutDir',
        '--logLevel',
        'warn',
      ],
      { cwd: ROOT },
    );
    database = await createTestDatabase('console');
    legacy = await new LegacyStandIn().start();
    const rulesFile = join(directory, 'routing.json');
    writeFileSync(rulesFile, JSON.stringify(RULES));
    running = await startApp(
      {
        DATABASE_URL: database.url,
        REDIS_URL: TEST_REDIS_URL,
        REDIS_KEY_PREFIX: `${runId()}:console`,
        LEGACY_BASE_URL: legacy.url,
        LEGACY_IDENTITY_SECRET: 'identity-secret-for-the-console-e2e-suite-0123',
        ROUTING_CONFIG: rulesFile,
        CONSOLE_DIR: consoleDirectory,
        BOOTSTRAP_TENANT: 'acme',
        BOOTSTRAP_ADMIN_USER: 'owner',
        BOOTSTRAP_ADMIN_PASSWORD: 'acme-owner-password',
      },
      { imports: [ProbeModule] },
    );
    await insertTenantWithOwner(database.url, 'globex', 'boss', 'globex-boss-password');
    acme = await login(running.baseUrl, 'acme', 'owner', 'acme-owner-password');
    globex = await login(running.baseUrl, 'globex', 'boss', 'globex-boss-password');
    mkdirSync(SCREENSHOTS, { recursive: true });
    browser = await chromium.launchPersistentContext(join(directory, 'chromium-profile'), {
      executablePath: CHROMIUM,
      headless: true,
      args: CHROMIUM_FLAGS,
      viewport: { width: 1366, height: 768 },
    });
    page = browser.pages()[0] ?? (await browser.newPage());
    page.on('pageerror', (error) => pageProblems.push(error.message));
    page.on('console', (message) => {
      // The refused login is a 401 the browser reports by itself; the page shows it in words.
      if (message.type() === 'error' && !message.text().startsWith('Failed to load resource')) pageProblems.push(message.text());
    });
  }, 120_000);

  afterAll(async () => {
    await browser?.close();
    await running?.close();
    await legacy?.stop();
    await database?.drop();
    rmSync(directory, { recursive: true, force: true });
  });

  it('should serve the console as static files under a CSP that allows no inline script', async () => {
    const redirect = await fetch(`${running.baseUrl}/console`, { redirect: 'manual' });
    const response = await fetch(`${running.baseUrl}/console/`);
    const html = await response.text();

    expect([redirect.status, redirect.headers.get('location')]).toEqual([301, '/console/']);
    expect(response.status).toBe(200);
    expect(response.headers.get('content-security-policy')).toContain("script-src 'self'");
    expect(html).toMatch(/<script type="module" crossorigin src="\/console\/assets\/[^"]+\.js"><\/script>/);
    expect(html).not.toMatch(/<script(?![^>]*\bsrc=)[^>]*>/);
    expect(legacy.received.filter((request) => request.url.startsWith('/console'))).toEqual([]);
  });

  it('should say in words why a login or an account is refused, log the platform admin in, and keep the token out of storage', async () => {
    const logIn = async (tenant: string, username: string, password: string) => {
      await page.getByLabel('Tenant').fill(tenant);
      await page.getByLabel('Username').fill(username);
      await page.getByLabel('Password').fill(password);
      await page.getByRole('button', { name: 'Log in' }).click();
    };
    await page.goto(`${running.baseUrl}/console/`);
    await logIn('acme', 'owner', 'not-the-password');
    const wrongPassword = await page.getByRole('alert').filter({ hasText: /\w/ }).textContent();
    await screenshot('login');
    await logIn('globex', 'boss', 'globex-boss-password');
    await page.getByRole('heading', { level: 1, name: 'Overview' }).waitFor();
    const otherTenant = await page.locator('main [role="alert"]').filter({ hasText: /\w/ }).textContent();
    await page.getByRole('button', { name: 'Log out' }).click();

    await logIn('acme', 'owner', 'acme-owner-password');
    await page.getByRole('heading', { level: 1, name: 'Overview' }).waitFor();
    // The spec compiles without the DOM library: the page's globals are typed by hand.
    const storage = await page.evaluate(() => {
      const { localStorage, sessionStorage } = globalThis as unknown as Record<'localStorage' | 'sessionStorage', { length: number }>;
      return [localStorage.length, sessionStorage.length];
    });

    expect(wrongPassword).toBe('Invalid tenant, username or password');
    expect(otherTenant).toBe('Only owners and admins of the platform tenant may use this');
    expect(storage).toEqual([0, 0]);
    expect(await page.context().cookies()).toEqual([]);
  });

  it("should show each tenant's side per feature, and live figures per side pushed over /ws", async () => {
    await page.getByText('Live figures: connected').waitFor();

    for (const caller of [acme, globex, acme]) await spacesAs(caller);

    const liveRow = page.locator('#live-figures tr[data-feature="spaces-api"][data-scope="*"]');
    await liveRow.waitFor();
    const spaces = page.locator('section[data-feature="spaces-api"]');
    const sides = await spaces
      .locator('tbody tr')
      .evaluateAll((rows) =>
        rows.map((row) => [row.getAttribute('data-tenant'), row.querySelector('[data-side]')?.getAttribute('data-side')]),
      );
    const figures = await eventually(
      async () => {
        const cells = await liveRow.locator('td').allTextContents();
        return cells[1] === '2' && cells[4] === '1' ? cells : undefined;
      },
      { message: 'the live figures to count two new-side and one legacy request' },
    );
    await screenshot('overview');

    expect(sides).toEqual([
      ['acme', 'new'],
      ['globex', 'legacy'],
    ]);
    expect(figures).toEqual(['everyone', '2', '0.0 %', expect.stringMatching(/^\d+ ms$/), '1', '0.0 %', expect.stringMatching(/^\d+ ms$/)]);
  });

  it('should ramp a tenant to new with a previewed, reasoned change, and serve its next request from new', async () => {
    const before = await spacesAs(globex);
    await open('Steer');
    await page.getByLabel('Feature', { exact: true }).selectOption('spaces-api');
    await page.getByLabel('Tenants always on (allow)').fill('acme, globex');
    await page.getByRole('button', { name: 'Preview the change' }).click();
    const preview = await page.locator('.preview-summary').textContent();
    await page.getByLabel(/^Reason for the change/).fill('ramp globex to new (CHG-42)');
    await screenshot('steer-preview');

    await page.getByRole('button', { name: 'Apply' }).click();
    const notice = await page.locator('.notice').textContent();
    const after = await spacesAs(globex);

    expect(before.headers.get('x-served-by')).toBe('legacy');
    expect(preview).toBe('1 tenant goes to new for spaces-api.');
    expect(notice).toMatch(/^Applied: rules version 2\./);
    expect(after.headers.get('x-served-by')).toBe('new');
  });

  it('should refuse an apply based on rules another operator changed since, and say so as a conflict', async () => {
    await open('Steer');
    await page.getByLabel('Feature', { exact: true }).selectOption('probe');
    const current = await call(running.baseUrl, 'GET', '/api/v1/admin/routing', { token: acme.tokens.accessToken });
    const otherOperator = await fetch(`${running.baseUrl}/api/v1/admin/routing`, {
      method: 'PUT',
      headers: {
        ...acme.headers,
        'content-type': 'application/json',
        'if-match': String(current.body.version),
        'x-change-reason': 'the other operator',
      },
      body: JSON.stringify(current.body.document),
    });
    await page.getByLabel('Percentage of tenants on the new side (0–100)').fill('50');
    await page.getByLabel(/^Reason for the change/).fill('half of the tenants on probe');

    await page.getByRole('button', { name: 'Apply' }).click();
    const alert = await page.locator('#steer-error').filter({ hasText: /\w/ }).textContent();
    await screenshot('steer-conflict');
    const rules = await call(running.baseUrl, 'GET', '/api/v1/admin/routing', { token: acme.tokens.accessToken });

    expect(otherOperator.status).toBe(200);
    expect(alert).toContain('Conflict: someone else changed the rules first. The rules changed since version 2; the current version is 3');
    expect(rules.body.document.features.find((entry: { key: string }) => entry.key === 'probe').percentage).toBe(0);
  });

  it('should trip a kill switch that sends the tenant back to legacy, and show the switch and the ramp in History', async () => {
    await open('Overview');
    await page.getByLabel('Feature', { exact: true }).selectOption('spaces-api');
    await page.getByLabel('Scope').selectOption({ label: 'tenant globex' });
    await page.getByLabel(/^Reason \(required/).fill('globex errors on new (INC-7)');

    await page.getByRole('button', { name: 'Switch off' }).click();
    await page.locator('#kill-switches tr[data-feature="spaces-api"]').waitFor();
    const globexSide = await page.locator('section[data-feature="spaces-api"] tr[data-tenant="globex"] [data-side]').textContent();
    const served = await spacesAs(globex);
    await screenshot('kill-switch');
    await open('History');
    const history = await page.locator('#audit tbody tr').allInnerTexts();

    expect(globexSide).toBe('legacy');
    expect(served.headers.get('x-served-by')).toBe('legacy');
    expect(history[0]).toMatch(/^.+\tuser:owner@acme\tKill switch on spaces-api for tenant:globex\tglobex errors on new \(INC-7\)\t—$/);
    expect(history.some((row) => row.includes('ramp globex to new (CHG-42)') && row.includes('v1 → v2: 1 change'))).toBe(true);
  });

  it('should show an automatic rollback by the monitor in History, with the figures that tripped it', async () => {
    for (const caller of [globex, globex, globex, acme, acme, acme])
      await fetch(`${running.baseUrl}/api/v1/probe/boom`, { headers: caller.headers });
    await eventually(
      async () =>
        (await call(running.baseUrl, 'GET', '/api/v1/admin/routing', { token: acme.tokens.accessToken })).body.killSwitches.some(
          (entry: { feature: string }) => entry.feature === 'boom',
        ),
      { message: 'the rollback monitor to switch boom off' },
    );

    await open('Overview');
    await open('History');
    const rollback = await page.locator('#audit tbody tr.rollback').first().innerText();
    await page.locator('#audit tr', { hasText: 'CHG-42' }).locator('summary').click();
    await screenshot('history');

    expect(rollback).toMatch(
      /^.+\trollback-monitor\tAutomatic rollback: boom for tenant:acme\tthe new side's error rate of 100\.0 % passed 2\.0 % \(legacy 0\.0 %\)\t—$/,
    );
  });

  it('should show shadow matches and mismatches per route and open a recorded difference side by side, both bodies whole', async () => {
    const token = acme.tokens.accessToken;
    const shadowReport = async () => (await call(running.baseUrl, 'GET', '/api/v1/admin/routing/shadow-report', { token })).body;
    const legacyAnswer = { value: 1, generatedAt: 'yesterday', items: [{ id: 1, label: 'legacy' }] };
    // Over the 64 KiB a sample keeps of each body, under the 1 MiB the runner compares: recorded, visibly cut.
    legacy.handler = () => ({ body: { ...legacyAnswer, padding: 'x'.repeat(100_000) } });
    await fetch(`${running.baseUrl}/api/v1/probe/shadowed`, { headers: acme.headers });
    await eventually(async () => (await shadowReport()).samples.length === 1, { message: 'the large mismatch to be recorded' });
    legacy.handler = () => ({ body: legacyAnswer });
    await fetch(`${running.baseUrl}/api/v1/probe/shadowed`, { headers: acme.headers });
    const report = await eventually(
      async () => {
        const current = await shadowReport();
        return current.samples.length === 2 ? current : undefined;
      },
      { message: 'the second mismatch to be recorded' },
    );

    await open('Shadow');
    const scope = await page.locator('#shadow-scope').textContent();
    const route = await page.locator('#shadow-routes tr[data-route="/api/v1/probe/shadowed"] td').allTextContents();
    await page.getByRole('button', { name: 'Compare difference 1' }).click();
    const difference = page.locator('.side-by-side tr.difference');
    await difference.first().waitFor();
    const cells = await difference.first().locator('th mark, pre').allTextContents();
    const legacyLines = await page.locator('.bodies .legacy-body .line').allTextContents();
    const marked = await Promise.all(['legacy-body', 'new-body'].map((pane) => page.locator(`.bodies .${pane} mark`).allTextContents()));
    await screenshot('shadow');
    await page.getByRole('button', { name: 'Compare difference 2' }).click();
    const cutCaption = await page.locator('.bodies .legacy-body figcaption').filter({ hasText: 'truncated' }).textContent();
    const newCaption = await page.locator('.bodies .new-body figcaption').textContent();

    expect(scope).toMatch(/^Report of 1 node, added up through Redis, made /);
    expect(report).toMatchObject({ scope: 'cluster', nodes: 1, partial: false });
    expect(report.samples[1].legacyBody).toMatchObject({
      truncated: true,
      bytes: JSON.stringify({ ...legacyAnswer, padding: 'x'.repeat(100_000) }).length,
    });
    expect(Buffer.byteLength(report.samples[1].legacyBody.text)).toBe(65_536);
    expect(route.slice(0, 2)).toEqual(['0', '2']);
    expect(cells).toEqual([expect.stringContaining('label'), '"legacy"', '"new"']);
    expect(legacyLines).toEqual([
      '{',
      '  "value": 1,',
      '  "generatedAt": "yesterday",',
      '  "items": [',
      '    {',
      '      "id": 1,',
      '      "label": "legacy"',
      '    }',
      '  ]',
      '}',
    ]);
    expect(marked).toEqual([['      "label": "legacy"'], ['      "label": "new"']]);
    expect(cutCaption).toMatch(/^Legacy: truncated, first 64\.0 KiB of 97\.\d KiB shown/);
    expect(newCaption).toMatch(/^New: whole body, \d+ B$/);
  });

  it("should list a tenant's spaces a page at a time with each feature's side and why: space lists, buckets, a space kill switch", async () => {
    const token = acme.tokens.accessToken;
    const spaceIds: string[] = [];
    for (const name of ['Alpha', 'Beta', 'Gamma'])
      spaceIds.push((await call(running.baseUrl, 'POST', '/api/v1/spaces', { token, body: { name } })).body.id);
    const [alpha, beta, gamma] = spaceIds as [string, string, string];
    const current = await call(running.baseUrl, 'GET', '/api/v1/admin/routing', { token });
    const document = current.body.document;
    document.features.push({
      ...feature('reports', []),
      spaces: { allow: [alpha], deny: [beta] },
      percentage: 50,
      stickBy: 'space',
    });
    document.rules.push({ match: { pathPrefix: '/api/v1/reports', methods: ['GET'] }, feature: 'reports', target: 'new' });
    const applied = await fetch(`${running.baseUrl}/api/v1/admin/routing`, {
      method: 'PUT',
      headers: {
        ...acme.headers,
        'content-type': 'application/json',
        'if-match': String(current.body.version),
        'x-change-reason': 'reports by space',
      },
      body: JSON.stringify(document),
    });
    await call(running.baseUrl, 'POST', '/api/v1/admin/routing/kill-switches', {
      token,
      body: { feature: 'spaces-api', scope: `space:${gamma}`, reason: 'gamma stays on legacy' },
    });
    const overview = await call(running.baseUrl, 'GET', '/api/v1/admin/routing/overview', { token });
    const acmeId = overview.body.features[0].tenants.find((tenant: { slug: string }) => tenant.slug === 'acme').id;
    const spacesPath = `/api/v1/admin/routing/overview/tenants/${acmeId}/spaces`;
    const firstPage = await call(running.baseUrl, 'GET', `${spacesPath}?limit=2`, { token });
    const secondPage = await call(running.baseUrl, 'GET', `${spacesPath}?limit=2&cursor=${firstPage.body.nextCursor}`, { token });
    const refusals = await Promise.all([
      call(running.baseUrl, 'GET', '/api/v1/admin/routing/overview/tenants/not-a-tenant/spaces', { token }),
      call(running.baseUrl, 'GET', `${spacesPath}?cursor=not%20a%20cursor`, { token }),
      call(running.baseUrl, 'GET', `/api/v1/admin/routing/overview/tenants/${randomUUID()}/spaces`, { token }),
      call(running.baseUrl, 'GET', spacesPath, { token: globex.tokens.accessToken }),
    ]);

    await open('Overview');
    await page.getByLabel('Tenant', { exact: true }).selectOption({ label: 'acme' });
    await page.getByRole('button', { name: 'Show spaces' }).click();
    const rows = page.locator('#space-sides-table tbody tr');
    await rows.nth(2).waitFor();
    const sides = await rows.evaluateAll((elements) =>
      elements.map((row) => [
        row.getAttribute('data-space'),
        ...['spaces-api', 'reports'].map((feature) => {
          const cell = row.querySelector(`td[data-feature="${feature}"]`);
          return `${cell?.querySelector('[data-side]')?.getAttribute('data-side')}: ${cell?.querySelector('.reason')?.textContent}`;
        }),
      ]),
    );
    const status = await page.locator('#space-sides [role="status"]').textContent();
    await page.locator('#space-sides').scrollIntoViewIfNeeded();
    await screenshot('spaces');

    const gammaBucket = bucketOf('reports-v1', gamma);
    const gammaReports =
      gammaBucket < 50 ? `new: inside the percentage (bucket ${gammaBucket})` : `legacy: outside the percentage (bucket ${gammaBucket})`;
    expect(applied.status).toBe(200);
    expect(firstPage.body).toMatchObject({ tenant: { id: acmeId, slug: 'acme' }, total: 3, nextCursor: expect.any(String) });
    expect(firstPage.body.spaces.map((space: { name: string }) => space.name)).toEqual(['Alpha', 'Beta']);
    expect(secondPage.body).toMatchObject({ nextCursor: null, spaces: [{ id: gamma, name: 'Gamma' }] });
    expect(refusals.map((refusal) => [refusal.status, refusal.body.error])).toEqual([
      [400, 'VALIDATION_FAILED'],
      [400, 'VALIDATION_FAILED'],
      [404, 'UNKNOWN_TENANT'],
      [403, expect.any(String)],
    ]);
    expect(refusals[0]?.body.details).toEqual([{ field: 'tenantId', reason: 'tenantId must be a tenant id (UUID v4)' }]);
    expect(refusals[1]?.body.details).toEqual([{ field: 'cursor', reason: 'cursor is not a nextCursor this API returned' }]);
    expect(sides).toEqual([
      ['Alpha', 'new: tenant on the allow list', 'new: space on the allow list'],
      ['Beta', 'new: tenant on the allow list', 'legacy: space on the deny list'],
      ['Gamma', 'legacy: kill switch off', gammaReports],
    ]);
    expect(status).toBe('3 of 3 spaces of acme shown.');
  });

  it('should show Plan v1 progress and its dependency graph coloured by status and risk', async () => {
    await open('Plan');
    const summary = await page.locator('.plan > p').first().textContent();
    const nodes = await page.locator('svg g.task').count();
    const edges = await page.locator('svg line.edge').count();
    const first = await page.locator('svg g.task').first().getAttribute('class');
    await screenshot('plan');

    expect(summary).toMatch(/^Plan \S+ \(approved\): \d+ of \d+ tasks done\.$/);
    expect(nodes).toBeGreaterThan(10);
    expect(edges).toBeGreaterThan(0);
    expect(first).toMatch(/^task status-(todo|in-progress|blocked|done) risk-(low|medium|high)$/);
  });

  it('should have run every screen without a script error or a Content-Security-Policy refusal', () => {
    expect(pageProblems).toEqual([]);
  });
});
