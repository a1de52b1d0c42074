// The authors' preview (`antrag serve --dev`): saving a form file reloads the open form in the
// browser with the answers kept; a broken file shows the author diagnostics with line and column,
// and mending it brings the form back. Without --dev the app never asks for diagnostics (covered
// in a11y.test.mjs, "requests").

import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { startServer, newPage, sharedBrowser, open, expectHeading, expectValue, assertNoJsErrors } from './harness.mjs';

const b = sharedBrowser(before, after);
let server;
before(async () => { server = await startServer({ dev: true }); });
after(async () => { await server?.cleanup(); });

/** Holds the page's change stream back; returns the function that lets it connect. */
async function holdChangeStream(page) {
  let release;
  const held = new Promise((r) => { release = r; });
  await page.route('**/api/dev/events', async (route) => { await held; await route.continue(); });
  return release;
}

describe('dev preview (antrag serve --dev)', () => {
  it('reloads on save, keeps the answers, shows diagnostics for a broken file and recovers', async () => {
    const file = join(server.formsDir, 'kontakt.json');
    const original = readFileSync(file, 'utf8');
    const page = await newPage(b.browser);
    const devRequests = [];
    page.on('request', (r) => { if (new URL(r.url()).pathname.startsWith('/api/dev/')) devRequests.push(new URL(r.url()).pathname); });

    // The preview listens on a server-sent event stream; a save before it is connected would
    // go unnoticed (an author's first save comes later than a test's).
    const listening = page.waitForResponse((r) => new URL(r.url()).pathname === '/api/dev/events');
    await open(page, server, '/antrag/kontakt/nachricht');
    await listening;
    await expectHeading(page, 'Ihre Nachricht');
    const name = page.getByLabel('Name', { exact: false }).first();
    await name.fill('Erika Mustermann');
    // In dev mode the app has asked for this form's diagnostics and listens for changes.
    assert.ok(devRequests.includes('/api/dev/forms/kontakt/diagnostics'), devRequests.join(', '));
    assert.ok(devRequests.includes('/api/dev/events'), devRequests.join(', '));

    // 1. The author renames the page and saves: the page follows, the answer stays.
    const def = JSON.parse(original);
    def.pages[0].title.de = 'Ihre Nachricht an uns';
    writeFileSync(file, JSON.stringify(def, null, 2));
    await expectHeading(page, 'Ihre Nachricht an uns', 15_000);
    await expectValue(page.getByLabel('Name', { exact: false }).first(), 'Erika Mustermann');
    await page.locator('[aria-live="polite"]', { hasText: 'Formular neu geladen' }).first().waitFor();

    // 1b. A form that works but that antrag check warns about: the warnings are above the form,
    // folded, and the form is there to try.
    const warned = JSON.parse(original);
    warned.pages[0].title = 'Nur auf Deutsch';
    writeFileSync(file, JSON.stringify(warned, null, 2));
    await expectHeading(page, 'Nur auf Deutsch', 15_000);
    const notes = page.locator('details.dev-notes');
    await notes.locator('summary', { hasText: /antrag check hat \d+ Hinweis/ }).waitFor();
    assert.equal(await notes.getAttribute('open'), null, 'folded');
    await notes.locator('summary').click();
    await notes.locator('.diagnostic-warning', { hasText: 'missing-translation' }).first().waitFor();
    await expectValue(page.getByLabel('Name', { exact: false }).first(), 'Erika Mustermann');

    // 2. A broken file: the author sees what is wrong and where.
    writeFileSync(file, original.replace('"pages"', '"pages": 1, "pagez"'));
    await expectHeading(page, 'Das Formular enthält Fehler', 15_000);
    const first = page.locator('.diagnostic').first();
    await first.waitFor();
    assert.match(await first.textContent(), /\d+:\d+/, 'a diagnostic names line and column');

    // 3. Mended: the form is back, with the answer (from the draft), and no warnings.
    writeFileSync(file, original);
    await expectHeading(page, 'Ihre Nachricht', 15_000);
    assert.equal(await page.locator('details.dev-notes').count(), 0);
    await expectValue(page.getByLabel('Name', { exact: false }).first(), 'Erika Mustermann');
    assertNoJsErrors(page, 'dev preview');
    await page.context().close();
  });

  it('picks up a save made before its change stream had connected', async () => {
    const file = join(server.formsDir, 'kontakt.json');
    const original = readFileSync(file, 'utf8');
    const page = await newPage(b.browser);
    // Hold the change stream back until the file has been saved.
    const release = await holdChangeStream(page);
    await open(page, server, '/antrag/kontakt/nachricht');
    await expectHeading(page, 'Ihre Nachricht');
    const name = page.getByLabel('Name', { exact: false }).first();
    await name.fill('Erika');
    const def = JSON.parse(original);
    def.pages[0].title.de = 'Ihre frühe Nachricht';
    writeFileSync(file, JSON.stringify(def, null, 2));
    await page.waitForTimeout(1500); // the server has noticed and told nobody
    release();
    await expectHeading(page, 'Ihre frühe Nachricht', 15_000);
    await expectValue(page.getByLabel('Name', { exact: false }).first(), 'Erika');
    writeFileSync(file, original);
    await expectHeading(page, 'Ihre Nachricht', 15_000);
    assertNoJsErrors(page, 'dev preview, late stream');
    await page.context().close();
  });

  it('a connecting stream does not reload an unchanged form (focus and typing stay)', async () => {
    const page = await newPage(b.browser);
    const release = await holdChangeStream(page);
    await open(page, server, '/antrag/kontakt/nachricht');
    await expectHeading(page, 'Ihre Nachricht');
    const name = page.getByLabel('Name', { exact: false }).first();
    await name.fill('Erika');
    const before = await name.elementHandle();
    const connected = page.waitForResponse((r) => new URL(r.url()).pathname === '/api/dev/events');
    release();
    await connected;
    await page.waitForTimeout(1000);
    // The same element, still focused: nothing was rebuilt.
    assert.ok(await before.evaluate((el) => el.isConnected && el === document.activeElement));
    await page.context().close();
  });
});
