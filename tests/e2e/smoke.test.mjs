// Every example form: each page loads, passes axe (empty and in its error state on the first
// page), is filled by the form-agnostic filler and submitted; the reference comes back and the
// authority API has stored the submission.

import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { fileURLToPath } from 'node:url';
import {
  startServer, newPage, sharedBrowser, open, expectHeading, errorSummary, assertAccessible,
  listOf, dataOf, assertNoJsErrors,
} from './harness.mjs';
import { loadDefinition, fillAndContinue, next } from './filler.mjs';

/**
 * Test forms beside the published ones: `alles.json` has every field type and every nesting the
 * format allows (lists in lists, files and groups in lists, conditional pages, enabledIf,
 * requiredIf, computed values), so that a form unlike the examples is covered too; `hochladen.json`
 * is one file (the upload progress, in files.test.mjs).
 */
const TEST_FORMS = fileURLToPath(new URL('./forms', import.meta.url));

const b = sharedBrowser(before, after);
let server;
let manifest;
before(async () => {
  server = await startServer({ extraForms: TEST_FORMS });
  manifest = await (await fetch(`${server.url}/forms/index.json`)).json();
});
after(async () => { await server?.cleanup(); });

/**
 * Per-form answers the generic filler cannot guess (template keys, e.g.
 * `{ gewerbeanmeldung: { 'erlaubnisse.erlaubnis': false } }`). Kept small, in the test only:
 * a licence plate matching the test form's pattern.
 */
const OVERRIDES = { alles: { kennzeichen: 'EF-AB 123' } };

const FORMS = ['kita-fachkraefte', 'kontakt', 'bewohnerparken', 'gewerbeanmeldung', 'alles', 'woerter', 'hochladen'];
/** A text's German (a plain string is German). */
const de = (t) => t.de ?? t;

describe('every example form and the test form: smoke fill, submit and axe on every page', () => {
  it('the start page lists every form', async () => {
    const page = await newPage(b.browser);
    await open(page, server, '/');
    await expectHeading(page, 'Anträge online stellen');
    const ids = manifest.forms.map((f) => f.id).sort();
    assert.deepEqual(ids, [...FORMS].sort());
    for (const f of manifest.forms) {
      await page.getByRole('link', { name: de(f.title) }).waitFor();
    }
    await assertAccessible(page, 'start page');
    assertNoJsErrors(page, 'start page');
    await page.context().close();
  });

  for (const id of FORMS) {
    it(`${id}: every page loads, fills, passes axe; submit returns a reference`, async () => {
      const def = loadDefinition(server.formsDir, id);
      const page = await newPage(b.browser);
      await open(page, server, `/antrag/${id}`);
      await expectHeading(page, de(def.title));
      await assertAccessible(page, `${id} intro`);
      await page.getByRole('link', { name: /Jetzt starten/ }).click();

      // First page: the error state of an empty "Weiter".
      const first = def.pages[0];
      await page.waitForURL(`**/antrag/${id}/${first.id}`);
      await expectHeading(page, de(first.title));
      await assertAccessible(page, `${id} page ${first.id}`);
      assert.equal(await next(page), 'errors', 'an empty first page does not pass');
      await errorSummary(page).waitFor();
      await assertAccessible(page, `${id} page ${first.id} (error state)`);

      const seen = [];
      for (let guard = 0; guard < def.pages.length + 1; guard++) {
        const path = new URL(page.url()).pathname;
        if (path.endsWith('/pruefen')) break;
        const pid = path.split('/').pop();
        const p = def.pages.find((x) => x.id === pid);
        assert.ok(p, `unknown page in URL ${path}`);
        await expectHeading(page, de(p.title));
        if (seen.length) await assertAccessible(page, `${id} page ${pid}`);
        seen.push(pid);
        await fillAndContinue(page, p, OVERRIDES[id]);
      }
      await expectHeading(page, 'Angaben prüfen');
      await assertAccessible(page, `${id} check page`);
      await page.getByRole('button', { name: 'Antrag absenden' }).click();
      await expectHeading(page, 'Antrag gesendet');
      const ref = (await page.getByText(new RegExp(`^${def.referencePrefix}-`)).first().textContent()).trim();
      assert.match(ref, new RegExp(`^${def.referencePrefix}-\\d{4}-[0-9A-Z]{5}$`));
      await assertAccessible(page, `${id} confirmation`);
      assertNoJsErrors(page, id);

      const stored = await server.api(`/api/submissions/${encodeURIComponent(ref)}`);
      assert.equal(stored.form?.id ?? id, id);
      assert.ok(dataOf(stored) && typeof dataOf(stored) === 'object', 'stored data is an object');
      const list = listOf(await server.api(`/api/forms/${id}/submissions`));
      assert.equal(list.filter((s) => JSON.stringify(s).includes(ref)).length, 1);
      await page.context().close();
    });
  }
});
