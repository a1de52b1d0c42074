// Shared helpers for the end-to-end tests: start the real `antrag serve` on a free loopback port
// with a temporary data folder, drive the system Chromium with playwright-core, run axe-core.
//
// Environment (set by `cargo xtask test`): ANTRAG_BIN (server binary), ANTRAG_DIST (built app),
// ANTRAG_FORMS (forms folder), CHROMIUM (browser executable).

import { spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, cpSync, existsSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';

const here = dirname(fileURLToPath(import.meta.url));
const root = join(here, '..', '..');

export const env = {
  bin: process.env.ANTRAG_BIN || join(root, 'target', 'debug', 'antrag'),
  dist: process.env.ANTRAG_DIST || join(root, 'dist'),
  forms: process.env.ANTRAG_FORMS || join(root, 'forms'),
  chromium: process.env.CHROMIUM || '/usr/bin/chromium',
};

export const TOKEN = 'e2e-test-token';

export function freePort() {
  return new Promise((resolve, reject) => {
    const srv = createServer();
    srv.unref();
    srv.on('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const { port } = srv.address();
      srv.close(() => resolve(port));
    });
  });
}

const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

/**
 * Starts `antrag serve`. Options: `port` (reuse a port, e.g. to restart), `dataDir` (reuse data),
 * `formsDir` (default: a copy of forms/ in a temp folder, so tests may add files), `extraForms`
 * (a folder of test forms added to that copy and listed on the start page), `dev`.
 */
export async function startServer(opts = {}) {
  const port = opts.port ?? (await freePort());
  const dataDir = opts.dataDir ?? mkdtempSync(join(tmpdir(), 'antrag-e2e-data-'));
  let formsDir = opts.formsDir;
  if (!formsDir) {
    formsDir = mkdtempSync(join(tmpdir(), 'antrag-e2e-forms-'));
    cpSync(env.forms, formsDir, { recursive: true });
    if (opts.extraForms) {
      cpSync(opts.extraForms, formsDir, { recursive: true });
      rmSync(join(formsDir, 'index.json'), { force: true });
    }
    // The start page lists `forms/index.json`; when the repository holds none, write it the way a
    // deployer does, with `antrag check` (it lists only forms without errors).
    if (!existsSync(join(formsDir, 'index.json'))) {
      const r = spawnSync(env.bin, ['check', formsDir], { encoding: 'utf8' });
      if (!existsSync(join(formsDir, 'index.json'))) {
        throw new Error(`antrag check wrote no index.json (exit ${r.status}):\n${r.stdout}${r.stderr}`);
      }
    }
  }
  const args = ['serve', '--port', String(port), '--data', dataDir, '--forms', formsDir, '--dist', env.dist];
  if (opts.dev) args.push('--dev');
  const child = spawn(env.bin, args, {
    env: { ...process.env, ANTRAG_API_TOKEN: TOKEN },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let log = '';
  child.stdout.on('data', (d) => { log += d; });
  child.stderr.on('data', (d) => { log += d; });
  const url = `http://127.0.0.1:${port}`;
  const deadline = Date.now() + 30_000;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`antrag serve exited early:\n${log}`);
    try {
      const r = await fetch(`${url}/api/health`);
      if (r.ok) break;
    } catch { /* not up yet */ }
    if (Date.now() > deadline) {
      child.kill('SIGKILL');
      throw new Error(`antrag serve did not come up on ${url}:\n${log}`);
    }
    await sleep(100);
  }
  const server = {
    url, port, dataDir, formsDir, child,
    log: () => log,
    /** Stops the process (SIGKILL by default: nothing may depend on a clean shutdown). */
    async stop(signal = 'SIGKILL') {
      if (child.exitCode !== null) return;
      const done = new Promise((r) => child.once('exit', r));
      child.kill(signal);
      await done;
    },
    async cleanup() {
      await server.stop();
      if (!opts.dataDir) rmSync(dataDir, { recursive: true, force: true });
      if (!opts.formsDir) rmSync(formsDir, { recursive: true, force: true });
    },
    /** GET on the authority API with the token. */
    async api(path) {
      const r = await fetch(`${url}${path}`, { headers: { authorization: `Bearer ${TOKEN}` } });
      if (!r.ok) throw new Error(`GET ${path}: ${r.status} ${await r.text()}`);
      return path.endsWith('.csv') ? r.text() : r.json();
    },
  };
  return server;
}

export async function launchBrowser() {
  return chromium.launch({
    executablePath: env.chromium,
    args: [
      '--no-sandbox', '--disable-gpu', '--disable-quic', '--disable-dev-shm-usage',
      '--disable-background-networking', '--disable-component-update', '--disable-sync',
      '--no-first-run',
    ],
  });
}

/** A page with German locale; `bypassCSP` only so axe-core can be injected. */
export async function newPage(browser, opts = {}) {
  const context = await browser.newContext({
    locale: 'de-DE',
    bypassCSP: true,
    viewport: opts.viewport ?? { width: 1280, height: 900 },
    ...opts.context,
  });
  const page = await context.newPage();
  // Everything the tests wait for is local and fast: fail in seconds, not after 30 s.
  page.setDefaultTimeout(opts.timeout ?? 10_000);
  const errors = [];
  page.on('pageerror', (e) => errors.push(String(e)));
  page.on('console', (m) => { if (m.type() === 'error') errors.push(m.text()); });
  page.jsErrors = errors;
  return page;
}

/** Runs axe-core with the WCAG 2.1 A and AA rules; throws listing every violation. */
export async function assertAccessible(page, label) {
  await page.addScriptTag({ path: join(root, 'node_modules', 'axe-core', 'axe.min.js') });
  const result = await page.evaluate(async () => {
    // eslint-disable-next-line no-undef
    const r = await axe.run(document, {
      runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'] },
      // Best practice, not WCAG, but what screen reader users navigate by.
      rules: { 'heading-order': { enabled: true } },
    });
    return r.violations.map((v) => ({
      id: v.id, impact: v.impact, help: v.help,
      nodes: v.nodes.slice(0, 5).map((n) => n.target.join(' ') + ' :: ' + n.failureSummary),
    }));
  });
  if (result.length) {
    const text = result.map((v) => `- ${v.id} (${v.impact}): ${v.help}\n    ${v.nodes.join('\n    ')}`).join('\n');
    throw new Error(`axe found ${result.length} WCAG 2.1 A/AA violation(s) on ${label}:\n${text}`);
  }
}

/** Waits until the wasm app has rendered its <main> (the loading screen of index.html has none). */
export async function appReady(page) {
  await page.waitForSelector('main', { timeout: 20_000 });
}

// ---------------------------------------------------------------------------------------------
// Helpers added for the test files (owned by the e2e tests).

/** A tiny but valid one-page PDF (correct xref offsets), generated in code. */
export function pdfBuffer(text = 'antrag e2e') {
  const objs = [
    '<< /Type /Catalog /Pages 2 0 R >>',
    '<< /Type /Pages /Kids [3 0 R] /Count 1 >>',
    '<< /Type /Page /Parent 2 0 R /MediaBox [0 0 200 100] /Contents 4 0 R /Resources << /Font << /F1 5 0 R >> >> >>',
    null, // content stream, below
    '<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>',
  ];
  const stream = `BT /F1 12 Tf 20 50 Td (${text.replace(/[()\\]/g, '')}) Tj ET`;
  objs[3] = `<< /Length ${stream.length} >>\nstream\n${stream}\nendstream`;
  let out = '%PDF-1.4\n';
  const offsets = [];
  objs.forEach((o, i) => {
    offsets.push(out.length);
    out += `${i + 1} 0 obj\n${o}\nendobj\n`;
  });
  const xref = out.length;
  out += `xref\n0 ${objs.length + 1}\n0000000000 65535 f \n`;
  for (const o of offsets) out += `${String(o).padStart(10, '0')} 00000 n \n`;
  out += `trailer\n<< /Size ${objs.length + 1} /Root 1 0 R >>\nstartxref\n${xref}\n%%EOF\n`;
  return Buffer.from(out, 'latin1');
}

/** A file payload for `setInputFiles`. */
export function pdfFile(name = 'vertrag.pdf', text) {
  return { name, mimeType: 'application/pdf', buffer: pdfBuffer(text ?? name) };
}

/** Today as `dd.mm.yyyy` and as ISO `yyyy-mm-dd` (local time, as the app sees it). */
export function today() {
  const d = new Date();
  const p = (n) => String(n).padStart(2, '0');
  return {
    de: `${p(d.getDate())}.${p(d.getMonth() + 1)}.${d.getFullYear()}`,
    iso: `${d.getFullYear()}-${p(d.getMonth() + 1)}-${p(d.getDate())}`,
  };
}

/** Opens an app URL and waits for the app to render. */
export async function open(page, server, path = '/') {
  await page.goto(server.url + path);
  await appReady(page);
}

/** Waits (event-driven, in the page) until `locator`'s element has the focus. */
export async function expectFocused(locator, what = 'element', timeout = 5_000) {
  const handle = await locator.elementHandle({ timeout });
  try {
    await locator.page().waitForFunction((el) => el === document.activeElement, handle, { timeout });
  } catch {
    const active = await locator.page().evaluate(() => {
      const a = document.activeElement;
      return a ? `${a.tagName.toLowerCase()}#${a.id}.${a.className} "${(a.textContent || '').slice(0, 60)}"` : 'none';
    });
    throw new Error(`expected ${what} to have the focus; focus is on ${active}`);
  } finally {
    await handle.dispose();
  }
}

/** Waits until the page's own heading (h1) reads `name` (string: exact; RegExp: match). */
export async function expectHeading(page, name, timeout = 15_000) {
  await page.getByRole('heading', { level: 1, name }).first().waitFor({ timeout });
}

/** Waits until `locator` has the value `value`. */
export async function expectValue(locator, value, timeout = 5_000) {
  const deadline = Date.now() + timeout;
  let last;
  for (;;) {
    last = await locator.inputValue();
    if (last === value) return;
    if (Date.now() > deadline) throw new Error(`expected value ${JSON.stringify(value)}, got ${JSON.stringify(last)}`);
    await sleep(50);
  }
}

/** The error summary (role alert, heading "Es gibt ein Problem"). */
export function errorSummary(page) {
  return page.locator('#error-summary, .error-summary').filter({ hasText: 'Es gibt ein Problem' }).first();
}

/** Asserts no JavaScript errors were collected on `page` (see newPage). */
export function assertNoJsErrors(page, label = 'page') {
  const errs = (page.jsErrors || []).filter((e) => !/Failed to load resource/.test(e));
  if (errs.length) throw new Error(`JavaScript errors on ${label}:\n${errs.join('\n')}`);
}

/** Finds the stored data of a submission in whatever envelope the authority API returns. */
export function dataOf(stored) {
  if (stored && typeof stored === 'object') {
    if (stored.data && typeof stored.data === 'object') return stored.data;
    if (stored.submission?.data) return stored.submission.data;
    if (stored.payload && typeof stored.payload === 'object') return stored.payload;
  }
  return stored;
}

/** The list in an authority API list answer (array, or {submissions|items: [...]}). */
export function listOf(answer) {
  if (Array.isArray(answer)) return answer;
  for (const k of ['submissions', 'items', 'data', 'results']) {
    if (Array.isArray(answer?.[k])) return answer[k];
  }
  throw new Error(`unexpected list answer: ${JSON.stringify(answer).slice(0, 300)}`);
}

/**
 * Compares `actual` with `expected` leaf by leaf; returns a list of differences. Keys present
 * only in `actual` are reported unless listed in `allowExtra` (template keys like `ende`).
 */
export function diff(expected, actual, path = '', allowExtra = []) {
  const out = [];
  if (expected !== null && typeof expected === 'object') {
    if (actual === null || typeof actual !== 'object' || Array.isArray(expected) !== Array.isArray(actual)) {
      return [`${path || '<root>'}: expected ${JSON.stringify(expected)}, got ${JSON.stringify(actual)}`];
    }
    if (Array.isArray(expected) && expected.length !== actual.length) {
      out.push(`${path}: expected ${expected.length} entries, got ${actual.length}`);
    }
    for (const k of Object.keys(expected)) {
      const p = Array.isArray(expected) ? `${path}[${k}]` : path ? `${path}.${k}` : k;
      out.push(...diff(expected[k], actual[k], p, allowExtra));
    }
    if (!Array.isArray(expected)) {
      for (const k of Object.keys(actual)) {
        if (!(k in expected) && !allowExtra.includes(k)) out.push(`${path ? path + '.' : ''}${k}: unexpected ${JSON.stringify(actual[k])}`);
      }
    }
    return out;
  }
  if (expected !== actual) out.push(`${path}: expected ${JSON.stringify(expected)}, got ${JSON.stringify(actual)}`);
  return out;
}

/** Shared browser for one test file: `const b = sharedBrowser(before, after)`; then `b.browser`. */
export function sharedBrowser(before, after) {
  const holder = { browser: null };
  before(async () => { holder.browser = await launchBrowser(); });
  after(async () => { await holder.browser?.close(); });
  return holder;
}
