// Phone viewport (360×740) with axe, and the app under the server's real Content-Security-Policy
// (a context WITHOUT bypassCSP: no CSP violation, no page error).

import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import {
  startServer, newPage, sharedBrowser, open, expectHeading, errorSummary, assertAccessible,
  assertNoJsErrors, appReady,
} from './harness.mjs';
import { fillAndContinue, loadDefinition } from './filler.mjs';
import { fileURLToPath } from 'node:url';

const b = sharedBrowser(before, after);
let server;
before(async () => {
  server = await startServer({ extraForms: fileURLToPath(new URL('./forms', import.meta.url)) });
});
after(async () => { await server?.cleanup(); });

const PHONE = { width: 360, height: 740 };

async function assertNoHorizontalScroll(page, label) {
  const { sw, cw } = await page.evaluate(() => ({
    sw: document.documentElement.scrollWidth, cw: document.documentElement.clientWidth,
  }));
  assert.ok(sw <= cw, `${label}: content is ${sw}px wide in a ${cw}px viewport (horizontal scrolling)`);
}

describe('phone viewport 360×740', () => {
  it('start page and a form page pass axe and do not scroll sideways', async () => {
    const page = await newPage(b.browser, {
      viewport: PHONE,
      context: { isMobile: true, hasTouch: true, deviceScaleFactor: 2 },
    });
    await open(page, server, '/');
    await expectHeading(page, 'Anträge online stellen');
    await page.getByRole('link', { name: /Fachkräfteinitiative Kita/ }).waitFor();
    await assertAccessible(page, 'start page (phone)');
    await assertNoHorizontalScroll(page, 'start page (phone)');

    await open(page, server, '/antrag/kita-fachkraefte/plaetze');
    await expectHeading(page, 'Ausbildungsplätze');
    await assertAccessible(page, 'Kita Ausbildungsplätze (phone)');
    await assertNoHorizontalScroll(page, 'Kita Ausbildungsplätze (phone)');
    await page.getByRole('button', { name: 'Weiter', exact: true }).click();
    await errorSummary(page).waitFor();
    await assertAccessible(page, 'Kita Ausbildungsplätze error state (phone)');
    await assertNoHorizontalScroll(page, 'Kita Ausbildungsplätze error state (phone)');
    assertNoJsErrors(page, 'phone run');
    await page.context().close();
  });
});

describe('long German words on a phone', () => {
  it('wrap in labels, option hints, units and on the check page, down to 320 px', async () => {
    const page = await newPage(b.browser, { viewport: { width: 320, height: 740 } });
    await open(page, server, '/antrag/woerter/vertrag');
    await expectHeading(page, 'Grundstücksveräußerungsvertragsangaben');
    await assertNoHorizontalScroll(page, 'page with long words (phone)');
    await page.getByLabel(/^Urkundenrollennummer/).fill('UR-Nr. 1/2026');
    await page.getByLabel('Beschluss').check();
    await page.getByLabel('Fläche').fill('1250');
    await page.getByRole('button', { name: 'Weiter', exact: true }).click();
    await expectHeading(page, 'Angaben prüfen');
    await assertNoHorizontalScroll(page, 'check page with long words (phone)');
    await assertAccessible(page, 'check page with long words (phone)');
    await page.context().close();
  });
});

describe('Content-Security-Policy', () => {
  it('the app runs under the server CSP without violations or page errors', async () => {
    const context = await b.browser.newContext({ locale: 'de-DE', bypassCSP: false });
    const page = await context.newPage();
    const problems = [];
    page.on('pageerror', (e) => problems.push(`pageerror: ${e}`));
    page.on('console', (m) => {
      const t = m.text();
      // HTTP errors are judged by URL below; everything else logged as error counts.
      if (/^Failed to load resource/.test(t)) return;
      if (m.type() === 'error' || /Content.Security.Policy|Refused to/i.test(t)) problems.push(`console ${m.type()}: ${t}`);
    });
    // Collects securitypolicyviolation events (init scripts are not subject to the page CSP).
    await page.addInitScript(() => {
      window.__csp = [];
      document.addEventListener('securitypolicyviolation', (e) => {
        window.__csp.push(`${e.violatedDirective} blocked ${e.blockedURI} (${e.sourceFile}:${e.lineNumber})`);
      });
    });
    const resp = await page.goto(`${server.url}/antrag/kita-fachkraefte/traeger`);
    const csp = resp.headers()['content-security-policy'];
    assert.ok(csp, 'the document is served with a Content-Security-Policy');
    assert.doesNotMatch(csp, /script-src[^;]*'unsafe-inline'/, 'no inline scripts allowed');
    await appReady(page);
    await expectHeading(page, 'Träger');
    // Exercise rendering paths: typing, an error summary, a select, a page change.
    await page.getByLabel('Name des Trägers', { exact: true }).fill('CSP Test e. V.');
    await page.getByRole('button', { name: 'Weiter', exact: true }).click();
    await errorSummary(page).waitFor();
    await page.getByLabel('Rechtsform', { exact: true }).selectOption({ index: 1 });
    await page.getByRole('link', { name: 'Zurück', exact: true }).click();
    await expectHeading(page, /Fachkräfteinitiative Kita/);
    let violations = await page.evaluate(() => window.__csp);
    assert.deepEqual([...violations, ...problems], [], 'no CSP violation, no page error');

    // Sending works under the policy too (fetch to the same origin).
    await page.goto(`${server.url}/antrag/kontakt/nachricht`);
    await appReady(page);
    await expectHeading(page, 'Ihre Nachricht');
    await fillAndContinue(page, loadDefinition(server.formsDir, 'kontakt').pages[0]);
    await expectHeading(page, 'Angaben prüfen');
    await page.getByRole('button', { name: 'Antrag absenden' }).click();
    await expectHeading(page, 'Antrag gesendet');
    violations = await page.evaluate(() => window.__csp);
    assert.deepEqual([...violations, ...problems], [], 'no CSP violation, no page error while sending');
    await context.close();
  });
});

describe('requests', () => {
  it('loading, filling and sending a form makes no failing request', async () => {
    // Every 4xx/5xx the browser sees is noise in the console at best. Outside --dev the app does
    // not even ask for the developer diagnostics.
    const page = await newPage(b.browser);
    const failed = [];
    page.on('request', (r) => {
      if (new URL(r.url()).pathname.startsWith('/api/dev/')) failed.push(`asked ${new URL(r.url()).pathname}`);
    });
    page.on('response', (r) => {
      if (r.status() >= 400) failed.push(`HTTP ${r.status()} ${new URL(r.url()).pathname}`);
    });
    page.on('requestfailed', (r) => failed.push(`failed: ${r.url()} ${r.failure()?.errorText}`));
    // Nor does the console have anything to say (Chromium warned once about the integrity hashes
    // Trunk put on the wasm preload, which it ignores).
    page.on('console', (m) => { if (m.type() === 'warning' || m.type() === 'error') failed.push(`console ${m.type()}: ${m.text()}`); });
    await open(page, server, '/');
    await page.getByRole('link', { name: 'Kontaktformular' }).click();
    await expectHeading(page, 'Kontaktformular');
    await page.getByRole('link', { name: /Jetzt starten/ }).click();
    await expectHeading(page, 'Ihre Nachricht');
    await fillAndContinue(page, loadDefinition(server.formsDir, 'kontakt').pages[0]);
    await page.getByRole('button', { name: 'Antrag absenden' }).click();
    await expectHeading(page, 'Antrag gesendet');
    assert.deepEqual(failed, [], 'failing requests, console warnings');
    await page.context().close();
  });

  it('opening a form asks for the form, the list and the configuration once each', async () => {
    // public/preload.js starts these downloads before the app runs; the app's own requests
    // must be answered from them, not sent again (a preload that does not match the app's
    // request, e.g. after a change of its cache mode, would show here as a second request).
    const page = await newPage(b.browser);
    const asked = {};
    page.on('request', (r) => {
      const path = new URL(r.url()).pathname;
      asked[path] = (asked[path] || 0) + 1;
    });
    await open(page, server, '/antrag/kontakt/nachricht');
    await expectHeading(page, 'Ihre Nachricht');
    await page.getByLabel('Name', { exact: false }).first().waitFor();
    for (const path of ['/config.json', '/forms/index.json', '/forms/kontakt.json']) {
      assert.equal(asked[path], 1, `${path} requested ${asked[path] ?? 0} times`);
    }
    await page.context().close();
  });

  it("a form's code lists are downloaded with its page, before the app has started", async () => {
    // The app learns which code lists a form needs only after it has started and read the form;
    // the server names them in the page's Link header, so they do not cost one more round trip.
    const page = await newPage(b.browser);
    await page.addInitScript(() => {
      addEventListener('TrunkApplicationStarted', () => { window.__appStarted = performance.now(); });
    });
    const asked = {};
    page.on('request', (r) => {
      const path = new URL(r.url()).pathname;
      asked[path] = (asked[path] || 0) + 1;
    });
    await open(page, server, '/antrag/kita-fachkraefte');
    await expectHeading(page, /Fachkräfteinitiative Kita/);
    const lists = JSON.stringify(loadDefinition(server.formsDir, 'kita-fachkraefte'))
      .match(/codelists\/[a-z0-9-]+\.json/g);
    assert.ok(lists.length >= 2, `the Kita form uses code lists: ${lists}`);
    const started = await page.evaluate(() => window.__appStarted);
    assert.ok(started > 0, 'the app started');
    for (const list of new Set(lists)) {
      const path = `/forms/${list}`;
      assert.equal(asked[path], 1, `${path} requested ${asked[path] ?? 0} times`);
      const start = await page.evaluate(
        (p) => performance.getEntriesByName(location.origin + p)[0]?.startTime, path);
      assert.ok(start < started, `${path} asked for at ${start} ms, the app started at ${started} ms`);
    }
    await page.context().close();
  });
});
