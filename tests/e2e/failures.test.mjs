// Failure paths of sending: server down (answers kept, retry succeeds after a restart on the same
// port and data), a 422 shown on the right field, a 503, and a double click that stores once.
// Also what keeps the answers outside sending: leaving right after typing, a crash of the app, a
// browser that cannot keep a draft.

import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { rmSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import {
  startServer, newPage, sharedBrowser, open, expectFocused, expectHeading, errorSummary,
  assertAccessible, listOf, dataOf, expectValue,
} from './harness.mjs';

const b = sharedBrowser(before, after);
let server;
let dirs = [];
before(async () => {
  server = await startServer();
  dirs = [server.dataDir, server.formsDir];
});
after(async () => {
  await server?.cleanup();
  // A restarted server reuses the first one's folders and so does not delete them itself.
  for (const d of dirs) rmSync(d, { recursive: true, force: true });
});

const FORM = 'kontakt';
const SUBMIT_URL = `**/api/forms/${FORM}/submissions`;

async function count() {
  return listOf(await server.api(`/api/forms/${FORM}/submissions`)).length;
}

/** Fills the contact form with `name` and goes to the check page. */
async function toCheckPage(page, name, email = 'erika@example.de') {
  await open(page, server, `/antrag/${FORM}/nachricht`);
  await expectHeading(page, 'Ihre Nachricht');
  await page.getByLabel('Ihr Name', { exact: true }).fill(name);
  await page.getByLabel('E-Mail-Adresse', { exact: true }).fill(email);
  await page.getByRole('group', { name: 'Worum geht es?' }).getByRole('radio', { name: 'Lob oder Kritik' }).check();
  await page.getByLabel('Ihre Nachricht', { exact: true }).fill('Das Formular ist gut verständlich.');
  await page.getByLabel('Ich habe die Datenschutzhinweise gelesen.').check();
  await page.getByRole('button', { name: 'Weiter', exact: true }).click();
  await expectHeading(page, 'Angaben prüfen');
  await page.getByRole('main').getByText(name).waitFor();
}

const submitButton = (page) => page.getByRole('button', { name: /^(Antrag absenden|Erneut senden)$/ });

async function expectReference(page) {
  await expectHeading(page, 'Antrag gesendet');
  const ref = (await page.getByText(/^KT-/).first().textContent()).trim();
  assert.match(ref, /^KT-\d{4}-[0-9A-Z]{5}$/);
  return ref;
}

describe('sending fails and recovers', () => {
  it('keeps the answers while the server is down and sends once it is back', async () => {
    const page = await newPage(b.browser);
    const before = await count();
    await toCheckPage(page, 'Server Weg');
    const { port, dataDir, formsDir } = server;
    await server.stop();
    await submitButton(page).click();
    const alert = page.locator('#submit-error');
    await alert.getByText('Die Verbindung zum Server ist abgebrochen. Ob Ihr Antrag angekommen ist, ist nicht sicher. Ihre Eingaben bleiben erhalten.', { exact: false }).waitFor();
    await expectFocused(alert, 'the sending error');
    await assertAccessible(page, 'check page (sending failed)');
    // Answers are still shown, the button offers a retry.
    await page.getByRole('main').getByText('Server Weg').waitFor();
    await page.getByRole('button', { name: 'Erneut senden' }).waitFor();

    server = await startServer({ port, dataDir, formsDir });
    await page.getByRole('button', { name: 'Erneut senden' }).click();
    const ref = await expectReference(page);
    assert.equal(await count(), before + 1, 'stored exactly once');
    const stored = dataOf(await server.api(`/api/submissions/${encodeURIComponent(ref)}`));
    assert.equal(stored.name, 'Server Weg');
    await page.context().close();
  });

  it('shows a 422 from the server on the field it names', async () => {
    const page = await newPage(b.browser);
    const before = await count();
    await toCheckPage(page, 'Unprocessable Entity');
    const message = 'Diese E-Mail-Adresse nimmt keine Post an.';
    await page.route(SUBMIT_URL, (route) => route.fulfill({
      status: 422,
      contentType: 'application/json',
      body: JSON.stringify({ errors: [{ path: 'email', code: 'email_undeliverable', message }] }),
    }));
    await submitButton(page).click();
    // Back on the page of the field, with the message in the summary and at the field.
    await page.waitForURL(`**/antrag/${FORM}/nachricht`);
    const summary = errorSummary(page);
    await summary.getByRole('link', { name: message }).waitFor();
    await expectFocused(summary, 'the error summary');
    await assertAccessible(page, 'contact page (server error 422)');
    const email = page.getByLabel('E-Mail-Adresse', { exact: true });
    assert.equal(await email.getAttribute('aria-invalid'), 'true');
    await page.locator('.field', { has: email }).getByText(message).waitFor();
    await summary.getByRole('link', { name: message }).click();
    await expectFocused(email, 'the e-mail field');

    await page.unroute(SUBMIT_URL);
    await email.fill('erika.neu@example.de');
    await page.getByRole('button', { name: 'Weiter', exact: true }).click();
    await expectHeading(page, 'Angaben prüfen');
    await submitButton(page).click();
    const ref = await expectReference(page);
    assert.equal(await count(), before + 1, 'only the accepted attempt is stored');
    const stored = dataOf(await server.api(`/api/submissions/${encodeURIComponent(ref)}`));
    assert.equal(stored.email, 'erika.neu@example.de');
    await page.context().close();
  });

  it('reports a 503 and succeeds on retry', async () => {
    const page = await newPage(b.browser);
    const before = await count();
    await toCheckPage(page, 'Service Unavailable');
    await page.route(SUBMIT_URL, (route) => route.fulfill({
      status: 503, contentType: 'application/json', body: '{"error":"unavailable"}',
    }));
    await submitButton(page).click();
    await page.locator('#submit-error').getByText(/Der Server konnte Ihren Antrag gerade nicht annehmen/).waitFor();
    assert.equal(await count(), before);
    await page.unroute(SUBMIT_URL);
    await page.getByRole('button', { name: 'Erneut senden' }).click();
    await expectReference(page);
    assert.equal(await count(), before + 1);
    await page.context().close();
  });

  it('after sending, Back says the application was sent instead of showing empty pages', async () => {
    const page = await newPage(b.browser);
    await toCheckPage(page, 'Erika Zurück');
    await submitButton(page).click();
    const ref = await expectReference(page);
    await page.goBack();
    await expectHeading(page, 'Antrag bereits gesendet');
    await page.getByText(ref, { exact: true }).waitFor();
    assert.equal(await submitButton(page).count(), 0, 'nothing to send again');
    await assertAccessible(page, 'already sent');
    await page.getByRole('link', { name: 'Zur Eingangsbestätigung' }).click();
    await expectHeading(page, 'Antrag gesendet');
    await page.getByText(ref, { exact: true }).waitFor();
    // The answers were forgotten when the confirmation was left, as the page said.
    assert.equal(await page.locator('#record').count(), 0);
    // Back on the first page: a new application begins there (the same route, rendered anew).
    await page.goBack();
    await page.goBack();
    await expectHeading(page, 'Antrag bereits gesendet');
    await page.getByRole('button', { name: 'Einen neuen Antrag dieser Art beginnen' }).click();
    await expectHeading(page, 'Ihre Nachricht');
    assert.equal(await page.getByLabel('Ihr Name', { exact: true }).inputValue(), '');
    await page.context().close();
  });

  it('stores a double-clicked submission once', async () => {
    const page = await newPage(b.browser);
    const before = await count();
    await toCheckPage(page, 'Doppel Klick');
    let posts = 0;
    page.on('request', (r) => { if (r.method() === 'POST' && r.url().includes('/submissions')) posts++; });
    await submitButton(page).dblclick();
    const ref = await expectReference(page);
    const list = listOf(await server.api(`/api/forms/${FORM}/submissions`));
    assert.equal(list.length, before + 1, `stored once (the browser sent ${posts} POST(s))`);
    assert.equal(list.filter((s) => JSON.stringify(s).includes(ref)).length, 1);
    await page.context().close();
  });

  it('stores once when the answer to the first attempt was lost and the citizen retries', async () => {
    const page = await newPage(b.browser);
    const before = await count();
    await toCheckPage(page, 'Verlorene Antwort');
    let firstReference = null;
    await page.route(SUBMIT_URL, async (route) => {
      // The server receives and stores the submission, but its answer never reaches the browser.
      const r = await route.fetch();
      firstReference = (await r.json()).reference;
      await route.abort('connectionreset');
    }, { times: 1 });
    await submitButton(page).click();
    await page.locator('#submit-error').getByText(/Ob Ihr Antrag angekommen ist, ist nicht sicher/).waitFor();
    assert.ok(firstReference, 'the server stored the first attempt');
    await page.getByRole('button', { name: 'Erneut senden' }).click();
    const ref = await expectReference(page);
    assert.equal(ref, firstReference, 'the retry (same Idempotency-Key) gets the first reference');
    assert.equal(await count(), before + 1, 'stored once');
    await page.context().close();
  });

  it('stores once when the citizen reloads the page after a lost answer, and sends a correction', async () => {
    let page = await newPage(b.browser);
    const before = await count();
    await toCheckPage(page, 'Neu Geladen');
    let firstReference = null;
    await page.route(SUBMIT_URL, async (route) => {
      const r = await route.fetch();
      firstReference = (await r.json()).reference;
      await route.abort('connectionreset');
    }, { times: 1 });
    await submitButton(page).click();
    await page.locator('#submit-error').waitFor();
    assert.ok(firstReference, 'the server stored the first attempt');
    // The citizen reloads and sends again: the attempt was kept with the draft.
    await page.reload();
    await submitButton(page).click();
    const ref = await expectReference(page);
    assert.equal(ref, firstReference, 'the same answers after a reload get the first reference');
    assert.equal(await count(), before + 1, 'stored once');

    await page.context().close();

    // A correction after a lost answer is a new application, not the first one replayed.
    page = await newPage(b.browser);
    await toCheckPage(page, 'Erst Falsch');
    await page.route(SUBMIT_URL, async (route) => {
      await route.fetch();
      await route.abort('connectionreset');
    }, { times: 1 });
    await submitButton(page).click();
    await page.locator('#submit-error').waitFor();
    await page.getByRole('link', { name: /Ändern.*Ihre Nachricht/ }).click();
    const message = page.getByLabel('Ihre Nachricht', { exact: true });
    await message.fill('Korrigierte Nachricht.');
    await page.getByRole('button', { name: 'Weiter' }).click();
    await submitButton(page).click();
    const corrected = await expectReference(page);
    const stored = dataOf(await server.api(`/api/submissions/${encodeURIComponent(corrected)}`));
    assert.equal(stored.nachricht, 'Korrigierte Nachricht.');
    await page.context().close();
  });
});

describe('leaving the page', () => {
  it('writes the draft at once when the page is left right after typing', async () => {
    const page = await newPage(b.browser);
    await open(page, server, `/antrag/${FORM}/nachricht`);
    await expectHeading(page, 'Ihre Nachricht');
    await page.getByLabel('Ihr Name').fill('Erika Eilig');
    // Well within the app's save delay: only the write on `pagehide` can keep it.
    await page.goto(`${server.url}/`);
    await open(page, server, `/antrag/${FORM}/nachricht`);
    await page.getByText('Wir haben Ihre Eingaben vom', { exact: false }).waitFor();
    assert.equal(await page.getByLabel('Ihr Name').inputValue(), 'Erika Eilig');
    await page.context().close();
  });
});

describe('two tabs of the same form', () => {
  it('keep each other\'s answers, and a draft deleted in one is not written back by the other', async () => {
    const a = await newPage(b.browser);
    await open(a, server, `/antrag/${FORM}/nachricht`);
    await expectHeading(a, 'Ihre Nachricht');
    const bTab = await a.context().newPage();
    await open(bTab, server, `/antrag/${FORM}/nachricht`);
    await expectHeading(bTab, 'Ihre Nachricht');
    const saved = (page, text) => page.waitForFunction(
      (t) => Object.values(localStorage).some((v) => v.includes(t)), text);
    // Typed alternately, each tab saving its copy.
    await a.getByLabel('Ihr Name', { exact: true }).fill('Erika Zweifach');
    await saved(a, 'Erika Zweifach');
    await bTab.getByLabel('E-Mail-Adresse', { exact: true }).fill('erika@zwei.de');
    await saved(bTab, 'erika@zwei.de');
    await a.getByLabel('Ihre Nachricht', { exact: true }).fill('Aus Tab A.');
    await saved(a, 'Aus Tab A.');
    await bTab.getByLabel('Telefon', { exact: false }).fill('0361 123456');
    await saved(bTab, '0361 123456');
    const draft = await a.evaluate(() => Object.values(localStorage).find((v) => v.includes('savedAt')));
    for (const v of ['Erika Zweifach', 'erika@zwei.de', 'Aus Tab A.', '0361 123456']) {
      assert.ok(draft.includes(v), `${v} is in the draft: ${draft}`);
    }
    // Tab A, looked at again, shows what tab B typed.
    await a.bringToFront();
    await a.evaluate(() => window.dispatchEvent(new Event('focus')));
    await expectValue(a.getByLabel('E-Mail-Adresse', { exact: true }), 'erika@zwei.de');

    // Deleted in tab B: tab A says so and does not bring it back.
    await bTab.bringToFront();
    await bTab.reload();
    await bTab.getByText('Wir haben Ihre Eingaben vom', { exact: false }).waitFor();
    bTab.once('dialog', (d) => d.accept());
    await bTab.getByRole('button', { name: 'Entwurf löschen' }).click();
    await a.getByText('in einem anderen Fenster abgesendet oder sein Entwurf dort gelöscht', { exact: false }).waitFor();
    await a.waitForTimeout(1000);
    const left = await a.evaluate(() => Object.keys(localStorage).filter((k) => k.startsWith('antrag:draft:')));
    assert.deepEqual(left, []);
    await a.context().close();
  });
});

describe('a crash of the app', () => {
  // The release build aborts on a panic (`-C panic=immediate-abort`): a wasm trap, no panic hook.
  // An impossible allocation is such a trap; raised from a timer it reaches the page like one
  // from an event handler (an `error` event), from a promise like one from a task (an unhandled
  // rejection).
  it('shows a page to reload, and the reloaded form has the answers', async () => {
    const page = await newPage(b.browser);
    await page.addInitScript(() => {
      addEventListener('TrunkApplicationStarted', (e) => { window.__wasm = e.detail.wasm; });
    });
    await open(page, server, `/antrag/${FORM}/nachricht`);
    await expectHeading(page, 'Ihre Nachricht');
    await page.getByLabel('Ihr Name', { exact: true }).fill('Erika Abbruch');
    await page.waitForFunction(() => Object.values(localStorage).some((v) => v.includes('Erika Abbruch')));
    const crashed = 'Es ist ein Fehler aufgetreten. Ihre Eingaben sind gespeichert.';
    for (const raise of ['timer', 'promise']) {
      await page.evaluate((raise) => {
        const trap = () => window.__wasm.__wbindgen_malloc(0xfffffff0, 8);
        if (raise === 'timer') setTimeout(trap);
        else Promise.resolve().then(trap);
      }, raise);
      await expectHeading(page, crashed);
      await page.getByRole('button', { name: 'Seite neu laden' }).click();
      await expectHeading(page, 'Ihre Nachricht');
      await expectValue(page.getByLabel('Ihr Name', { exact: true }), 'Erika Abbruch');
    }
    assert.ok(page.jsErrors.some((e) => /unreachable/.test(e)), `the trap itself: ${page.jsErrors}`);
    await page.context().close();
  });
});

describe('a browser that cannot keep a draft', () => {
  const NOTICE = 'Dieser Browser kann Ihre Eingaben nicht zwischenspeichern';

  /** A page whose localStorage is blocked (privacy settings, some managed browsers). */
  async function pageWithoutStorage() {
    const page = await newPage(b.browser);
    await page.addInitScript(() => {
      Object.defineProperty(window, 'localStorage', {
        get() { throw new DOMException('blocked', 'SecurityError'); },
      });
    });
    return page;
  }

  it('says so from the start when storage is blocked', async () => {
    const page = await pageWithoutStorage();
    await open(page, server, `/antrag/${FORM}`);
    await page.getByText(NOTICE, { exact: false }).waitFor();
    await open(page, server, `/antrag/${FORM}/nachricht`);
    await page.getByRole('status').getByText(NOTICE, { exact: false }).waitFor();
    await assertAccessible(page, 'page with the no-draft notice');
    await page.context().close();
  });

  it('asks before the page is left with answers only it holds', async () => {
    const page = await pageWithoutStorage();
    await open(page, server, `/antrag/${FORM}/nachricht`);
    await expectHeading(page, 'Ihre Nachricht');
    // Typed by the citizen (the browser asks only on a page the user has interacted with).
    await page.getByLabel('Ihr Name').pressSequentially('Erika');
    const asked = [];
    page.on('dialog', async (d) => {
      asked.push(d.type());
      await d.accept(); // leave anyway
    });
    await page.goto(`${server.url}/`);
    assert.deepEqual(asked, ['beforeunload']);
    await page.context().close();
  });

  it('does not ask when a mailto: link in the form hands over to the mail program', async () => {
    const file = join(server.formsDir, `${FORM}.json`);
    const original = readFileSync(file, 'utf8');
    const def = JSON.parse(original);
    def.pages[0].items.unshift({ type: 'paragraph', text: 'Fragen? [Schreiben Sie uns](mailto:info@example.de).' });
    writeFileSync(file, JSON.stringify(def));
    try {
      const page = await pageWithoutStorage();
      await open(page, server, `/antrag/${FORM}/nachricht`);
      await expectHeading(page, 'Ihre Nachricht');
      await page.getByLabel('Ihr Name').pressSequentially('Erika');
      const asked = [];
      page.on('dialog', async (d) => { asked.push(d.type()); await d.dismiss(); });
      await page.getByRole('link', { name: 'Schreiben Sie uns' }).click();
      await page.waitForTimeout(800);
      assert.deepEqual(asked, []);
      // Leaving for real (not right after that click) still asks.
      await page.goto(`${server.url}/`).catch(() => {});
      assert.deepEqual(asked, ['beforeunload']);
      await page.context().close();
    } finally {
      writeFileSync(file, original);
    }
  });

  it('keeps the answers when the citizen leaves the form within the app and comes back', async () => {
    const page = await pageWithoutStorage();
    await open(page, server, `/antrag/${FORM}/nachricht`);
    await expectHeading(page, 'Ihre Nachricht');
    await page.getByLabel('Ihr Name').fill('Erika Zurück');
    await page.getByRole('banner').getByRole('link', { name: 'Online-Antrag' }).click();
    await expectHeading(page, 'Anträge online stellen');
    await page.goBack();
    await expectHeading(page, 'Ihre Nachricht');
    assert.equal(await page.getByLabel('Ihr Name').inputValue(), 'Erika Zurück');
    await page.context().close();
  });

  it('does not ask before leaving once the application is sent', async () => {
    const page = await pageWithoutStorage();
    const asked = [];
    page.on('dialog', async (d) => { asked.push(d.type()); await d.accept(); });
    await toCheckPage(page, 'Erika Gesendet');
    await submitButton(page).click();
    await expectReference(page);
    await page.goto(`${server.url}/`);
    assert.deepEqual(asked, []);
    await page.context().close();
  });

  it('says so as soon as the storage refuses a draft, and not before', async () => {
    const page = await newPage(b.browser);
    await open(page, server, `/antrag/${FORM}/nachricht`);
    await expectHeading(page, 'Ihre Nachricht');
    await page.getByLabel('Ihr Name').fill('Erika Muster');
    await page.waitForFunction(() => Object.keys(localStorage).some((k) => k.includes('kontakt')));
    assert.equal(await page.getByText(NOTICE, { exact: false }).count(), 0);
    // The storage is full from now on.
    await page.evaluate(() => {
      Storage.prototype.setItem = function () { throw new DOMException('full', 'QuotaExceededError'); };
    });
    await page.getByLabel('Ihr Name').fill('Erika Mustermann');
    await page.getByText(NOTICE, { exact: false }).waitFor();
    await page.context().close();
  });
});
