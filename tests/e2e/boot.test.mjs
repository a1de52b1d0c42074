// The loading screen of index.html: what a citizen sees before the app runs — the header and
// "Wird geladen …" at once, a message with a reload link when the app cannot be loaded or takes
// unusually long, in the remembered language; and that it gives way to the app without a trace.
// The failure cases run without bypassCSP: the screen and its script work under the server's real
// policy (the first test needs it bypassed to inject axe).

import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startServer, newPage, sharedBrowser, appReady, expectHeading, assertAccessible } from './harness.mjs';

const b = sharedBrowser(before, after);
let server;
before(async () => { server = await startServer(); });
after(async () => { await server?.cleanup(); });

const strictPage = () => newPage(b.browser, { context: { bypassCSP: false } });

/** The visible text of the loading screen's status line. */
const statusText = (page) => page.locator('#boot [role=status]').innerText();

describe('loading screen', () => {
  it('shows the header and "Wird geladen …" while the app downloads, then gives way to it', async () => {
    const page = await newPage(b.browser);
    let release;
    const held = new Promise((r) => { release = r; });
    await page.route('**/*.wasm', async (route) => { await held; await route.continue(); });
    await page.goto(`${server.url}/`);
    await page.locator('#boot .header-name').getByText('Online-Antrag').waitFor();
    assert.equal(await statusText(page), 'Wird geladen …');
    await assertAccessible(page, 'loading screen');
    release();
    await appReady(page);
    await expectHeading(page, 'Anträge online stellen');
    assert.equal(await page.locator('#boot').count(), 0, 'the loading screen is removed');
    assert.equal(await page.locator('header').count(), 1, 'one header');
    assert.deepEqual(page.jsErrors, []);
  });

  it('says so, with a reload link, when the app cannot be downloaded', async () => {
    const page = await strictPage();
    await page.route('**/*.wasm', (route) => route.abort());
    await page.goto(`${server.url}/antrag/kontakt`);
    const failed = page.getByText('Das Antragsformular konnte nicht geladen werden.');
    await failed.waitFor();
    assert.equal(await page.locator('#boot').getAttribute('data-state'), 'failed');
    assert.match(await statusText(page), /^Das Antragsformular konnte nicht geladen werden\. .*laden Sie die Seite neu\.$/);
    // The link reloads the same address; after the network is back the form opens.
    await page.unroute('**/*.wasm');
    await page.getByRole('link', { name: 'laden Sie die Seite neu' }).click();
    await appReady(page);
    assert.equal(new URL(page.url()).pathname, '/antrag/kontakt');
    assert.equal(await page.locator('#boot').count(), 0);
  });

  it('says so, too, when the app arrives broken or its script cannot be downloaded', async () => {
    // A proxy's or captive portal's page served in place of the app (it cannot be compiled) ...
    let page = await strictPage();
    await page.route('**/*.wasm', (route) => route.fulfill({
      status: 200, contentType: 'text/html', body: '<html><body>Zugang gesperrt</body></html>',
    }));
    await page.goto(`${server.url}/`);
    await page.locator('#boot[data-state=failed]').waitFor();
    assert.match(await statusText(page), /^Das Antragsformular konnte nicht geladen werden\./);
    await page.context().close();
    // ... and the app's JavaScript not downloaded at all (its error does not reach window).
    page = await strictPage();
    await page.route(/\/antrag-app-[0-9a-f]+\.js$/, (route) => route.abort());
    await page.goto(`${server.url}/`);
    await page.locator('#boot[data-state=failed]').waitFor({ timeout: 5_000 });
    assert.match(await statusText(page), /^Das Antragsformular konnte nicht geladen werden\./);
    await page.context().close();
  });

  it('tells a browser without the WebAssembly the app needs that it is too old', async () => {
    for (const disable of [
      () => { delete globalThis.WebAssembly; },
      // Present, but without a feature the app is compiled for.
      () => { WebAssembly.validate = () => false; },
    ]) {
      const page = await strictPage();
      const deleted = disable.toString().includes('delete');
      await page.addInitScript(disable);
      // With WebAssembly present Chromium could still run the app, which an old browser would
      // not: hold the module back. Without it, let the app try and fail.
      if (!deleted) await page.route('**/*.wasm', () => { /* never answered */ });
      await page.goto(`${server.url}/`);
      await page.locator('#boot[data-state=old]').waitFor();
      assert.equal(await statusText(page),
        'Ihr Browser ist zu alt für dieses Antragsformular. Bitte verwenden Sie einen aktuellen Browser oder ein anderes Gerät.');
      if (deleted) {
        // The app's own failure afterwards does not turn it into "check your connection".
        await page.waitForFunction(() => performance.getEntriesByType('resource')
          .some((e) => e.name.endsWith('.wasm') && e.responseEnd > 0));
        await page.waitForTimeout(300);
        assert.equal(await page.locator('#boot').getAttribute('data-state'), 'old');
      }
      await page.context().close();
    }
  });

  it('says, without JavaScript, that it is needed (both languages, nothing "loading")', async () => {
    const page = await newPage(b.browser, { context: { javaScriptEnabled: false } });
    await page.goto(`${server.url}/antrag/kontakt`);
    // (Playwright's text search skips <noscript>; the paragraphs are found as elements.)
    const said = page.locator('noscript p');
    assert.match(await said.nth(0).innerText(), /^Dieses Antragsformular benötigt JavaScript\./);
    assert.match(await said.nth(1).innerText(), /^This application form needs JavaScript\./);
    assert.equal(await said.nth(1).getAttribute('lang'), 'en');
    assert.equal(await said.nth(0).isVisible(), true);
    assert.equal(await page.locator('.boot-loading').isVisible(), false);
    // What a search result shows of the service, without running the app.
    const description = await page.locator('meta[name="description"]').getAttribute('content');
    assert.match(description, /^Anträge online stellen/);
    await page.context().close();
  });

  it('speaks the remembered language and tells when loading takes unusually long', async () => {
    const page = await strictPage();
    await page.addInitScript(() => localStorage.setItem('antrag:locale', 'en'));
    await page.clock.install();
    await page.route('**/*.wasm', () => { /* never answered */ });
    await page.goto(`${server.url}/`);
    await page.locator('#boot .header-name').getByText('Online application').waitFor();
    assert.equal(await statusText(page), 'Loading …');
    assert.equal(await page.evaluate(() => document.documentElement.lang), 'en');
    await page.clock.fastForward(16_000);
    await page.locator('#boot[data-state=slow]').waitFor();
    assert.match(await statusText(page), /^Loading is taking longer than usual\./);
    await page.getByRole('link', { name: 'reload the page' }).waitFor();
  });
});
