// File uploads as a citizen uses them: a file that cannot be sent (wrong type, too large) is not
// taken and the field says why, naming each such file; what was added or removed is announced;
// removing a file puts the focus back on the file input; a field for one file takes a new file
// in place of the old one.

import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { fileURLToPath } from 'node:url';
import {
  startServer, newPage, sharedBrowser, open, expectFocused, expectHeading, assertAccessible,
  pdfFile, assertNoJsErrors,
} from './harness.mjs';

const TEST_FORMS = fileURLToPath(new URL('./forms', import.meta.url));
const b = sharedBrowser(before, after);
let server;
before(async () => { server = await startServer({ extraForms: TEST_FORMS }); });
after(async () => { await server?.cleanup(); });

/** The polite live region the app speaks through. */
const spoken = (page) => page.locator('div.visually-hidden[aria-live="polite"]');

async function expectSaid(page, text) {
  await page.waitForFunction(
    (t) => [...document.querySelectorAll('div.visually-hidden[aria-live="polite"]')]
      .some((el) => el.textContent.includes(t)),
    text,
    { timeout: 5_000 },
  ).catch(async () => {
    assert.fail(`the live region did not say ${JSON.stringify(text)}; it says ${JSON.stringify(await spoken(page).allTextContents())}`);
  });
}

/** The Kita form's first "Ausbildungsvertrag (PDF)", a field for one file, on a new page. */
async function contractField() {
  const page = await newPage(b.browser);
  await open(page, server, '/antrag/kita-fachkraefte/plaetze');
  await expectHeading(page, 'Ausbildungsplätze');
  const input = page.getByLabel('Ausbildungsvertrag (PDF)', { exact: true }).first();
  const field = input.locator('xpath=ancestor::div[contains(@class,"field")][1]');
  return { page, input, field };
}

const names = async (field) => (await field.locator('.file-name').allTextContents()).map((s) => s.trim());

describe('file uploads', () => {
  it('does not take a file it could not send, says why per file, and announces changes', async () => {
    const page = await newPage(b.browser);
    await open(page, server, '/antrag/alles/tiere');
    await expectHeading(page, 'Tiere');
    const input = page.getByLabel('Nachweis der Halterschaft', { exact: true });
    const field = input.locator('xpath=ancestor::div[contains(@class,"field")][1]');

    // One good PDF, a text file and a PDF over the 2 MB limit, chosen together.
    const big = Buffer.concat([Buffer.from('%PDF-1.4\n'), Buffer.alloc(3 * 1024 * 1024, 32)]);
    await input.setInputFiles([
      pdfFile('halter.pdf'),
      { name: 'notiz.txt', mimeType: 'text/plain', buffer: Buffer.from('hallo') },
      { name: 'scan-gross.pdf', mimeType: 'application/pdf', buffer: big },
    ]);
    await field.locator('.file-name', { hasText: 'halter.pdf' }).waitFor();
    assert.deepEqual(await names(field), ['halter.pdf'], 'only the file that can be sent is listed');
    const message = field.locator('.error-message');
    await message.waitFor();
    const text = await message.textContent();
    assert.match(text, /„notiz\.txt“ hat kein erlaubtes Format/);
    assert.match(text, /„scan-gross\.pdf“ ist zu groß/);
    assert.equal(await input.getAttribute('aria-invalid'), 'true');
    await expectSaid(page, '„halter.pdf“ hinzugefügt.');
    await expectSaid(page, '„notiz.txt“ hat kein erlaubtes Format');
    await assertAccessible(page, 'file field with refused files');

    // A second good file: taken (two are allowed), the message goes.
    await input.setInputFiles([{ name: 'foto.png', mimeType: 'image/png', buffer: Buffer.from('\x89PNG\r\n\x1a\n', 'latin1') }]);
    await field.locator('.file-name', { hasText: 'foto.png' }).waitFor();
    assert.deepEqual(await names(field), ['halter.pdf', 'foto.png']);
    await message.waitFor({ state: 'hidden' });
    assert.equal(await input.getAttribute('aria-invalid'), null);
    await expectSaid(page, '„foto.png“ hinzugefügt.');

    // The field is full (two files): a third is not taken, and says why; the same file again
    // is taken once; a name the server could not store is refused.
    await input.setInputFiles([pdfFile('dritte.pdf'), pdfFile('Scan..pdf')]);
    await message.waitFor();
    assert.deepEqual(await names(field), ['halter.pdf', 'foto.png']);
    const full = await message.textContent();
    assert.match(full, /„dritte\.pdf“ wurde nicht hinzugefügt\./);
    assert.match(full, /höchstens 2 Dateien/);
    assert.match(full, /„Scan\.\.pdf“ wurde nicht hinzugefügt\. Der Name der Datei/);
    await expectSaid(page, '„dritte.pdf“ wurde nicht hinzugefügt.');

    // In English the message is said in English.
    await page.getByRole('button', { name: 'English' }).click();
    await page.waitForFunction(() => document.documentElement.lang === 'en');
    await page.waitForFunction(
      (el) => /“dritte\.pdf” was not added\./.test(el.textContent), await message.elementHandle(),
    );
    await page.getByRole('button', { name: 'Deutsch' }).click();
    await page.waitForFunction(() => document.documentElement.lang === 'de');
    await input.setInputFiles([pdfFile('halter.pdf')]);
    await expectSaid(page, '„halter.pdf“ ist bereits ausgewählt.');
    assert.deepEqual(await names(field), ['halter.pdf', 'foto.png']);
    await message.waitFor({ state: 'hidden' });

    // Removing one: announced, and the focus is on the file input again (not lost to the page).
    await field.getByRole('button', { name: '„halter.pdf“ entfernen', exact: true }).click();
    await expectSaid(page, '„halter.pdf“ entfernt.');
    assert.deepEqual(await names(field), ['foto.png']);
    await expectFocused(input, 'the file input after removing a file');
    assertNoJsErrors(page, 'the files page');
    await page.close();
  });

  it('takes a new file in place of the old one in a field for one file', async () => {
    const { page, input, field } = await contractField();
    await input.setInputFiles(pdfFile('vertrag-alt.pdf'));
    await field.locator('.file-name', { hasText: 'vertrag-alt.pdf' }).waitFor();
    await input.setInputFiles(pdfFile('vertrag-neu.pdf'));
    await field.locator('.file-name', { hasText: 'vertrag-neu.pdf' }).waitFor();
    assert.deepEqual(await names(field), ['vertrag-neu.pdf'], 'the new file replaces the old one');
    assert.equal(await field.locator('.error-message').isVisible(), false, 'no "too many files"');
    await expectSaid(page, '„vertrag-neu.pdf“ hinzugefügt, „vertrag-alt.pdf“ entfernt.');
    // A new file that cannot be taken leaves the old one in place, and says which was refused.
    await input.setInputFiles({ name: 'scan.jpg', mimeType: 'image/jpeg', buffer: Buffer.from([0xff, 0xd8, 0xff, 0]) });
    const message = field.locator('.error-message');
    await message.waitFor();
    assert.match(await message.textContent(), /„scan\.jpg“ wurde nicht hinzugefügt\./);
    assert.deepEqual(await names(field), ['vertrag-neu.pdf']);
    // The field was in error, so emptying it is checked at once.
    await field.getByRole('button', { name: '„vertrag-neu.pdf“ entfernen', exact: true }).click();
    await expectSaid(page, '„vertrag-neu.pdf“ entfernt.');
    assert.deepEqual(await names(field), []);
    await page.close();
  });

  it('does not tell the citizen off for removing a file before "Weiter"', async () => {
    const { page, input, field } = await contractField();
    await input.setInputFiles(pdfFile('vertrag.pdf'));
    await field.getByRole('button', { name: '„vertrag.pdf“ entfernen', exact: true }).click();
    await expectSaid(page, '„vertrag.pdf“ entfernt.');
    await expectFocused(input, 'the file input');
    assert.equal(await field.locator('.error-message').isVisible(), false, 'no "required" yet');
    assert.equal(await input.getAttribute('aria-invalid'), null);
    await page.close();
  });
});

describe('a long upload', () => {
  it('shows how far it has got, then the confirmation', async () => {
    const page = await newPage(b.browser);
    await open(page, server, '/antrag/hochladen/datei');
    await expectHeading(page, 'Unterlage');
    const scan = Buffer.concat([Buffer.from('%PDF-1.4\n'), Buffer.alloc(1536 * 1024, 32)]);
    await page.getByLabel('Unterlage (PDF)', { exact: true })
      .setInputFiles({ name: 'scan.pdf', mimeType: 'application/pdf', buffer: scan });
    await page.getByRole('button', { name: 'Weiter' }).click();
    await expectHeading(page, 'Angaben prüfen');
    // A slow line: about three seconds for the 1.5 MB.
    const cdp = await page.context().newCDPSession(page);
    await cdp.send('Network.enable');
    await cdp.send('Network.emulateNetworkConditions', {
      offline: false, latency: 20, downloadThroughput: -1, uploadThroughput: 512 * 1024,
    });
    await page.getByRole('button', { name: 'Antrag absenden' }).click();
    // Part of the way: the bar and the words say how far.
    await page.waitForFunction(() => {
      const p = document.querySelector('.upload-progress progress');
      return p && p.value > 0 && p.value < 100;
    }, null, { timeout: 15_000, polling: 50 });
    const text = await page.locator('.upload-progress').textContent();
    assert.match(text, /Dateien werden hochgeladen: \d+ % \([\d,]+ (KB|MB) von 1,6 MB\)/, text);
    const bar = page.locator('.upload-progress progress');
    assert.equal(await bar.getAttribute('aria-labelledby'), 'upload-progress-text');
    // The same element all the way (a screen reader's place in it stays), its value moving on.
    const first = await bar.elementHandle();
    const before = Number(await first.getAttribute('value'));
    await page.waitForFunction(
      ([el, v]) => el.isConnected && Number(el.getAttribute('value')) > v,
      [first, before], { timeout: 15_000, polling: 50 },
    );
    // The draft cannot be deleted while its answers are under way.
    assert.equal(await page.getByRole('button', { name: 'Entwurf löschen' }).count(), 0);
    await expectHeading(page, 'Antrag gesendet', 30_000);
    assert.equal(await bar.count(), 0, 'the bar goes with the upload');
    assertNoJsErrors(page, 'long upload');
    await page.context().close();
  });
});

