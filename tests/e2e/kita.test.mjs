// The Kita application as a citizen completes it with the mouse: controls found by their visible
// labels, errors provoked and fixed via the error summary, repeat entries added and removed, PDFs
// uploaded, Back, a reload that continues from the draft, submit, and the stored submission read
// back from the authority API and compared value by value. axe-core runs on every page state.

import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import {
  startServer, newPage, assertAccessible, sharedBrowser, open, expectFocused, expectHeading,
  expectValue, errorSummary, pdfFile, today, dataOf, listOf, diff, assertNoJsErrors, TOKEN,
} from './harness.mjs';
import {
  FORM, TITLE, traeger, einrichtung, plaetze, finanzierung, erklaerungen, expectedPayload,
  computedProblems, normalizeFiles, COMPUTED,
} from './kita-data.mjs';

const b = sharedBrowser(before, after);
let server;
before(async () => { server = await startServer(); });
after(async () => { await server?.cleanup(); });

/** The entry of a repeat, found by its visible heading ("Einrichtung 1"). */
const entry = (page, title) =>
  page.getByRole('heading', { name: title, exact: true }).locator('xpath=..');
/** A yes/no or radio answer inside the fieldset whose legend is `legend`. */
const radio = (scope, legend, option) =>
  scope.getByRole('group', { name: legend, exact: true }).getByRole('radio', { name: option, exact: true });
const label = (scope, text) => scope.getByLabel(text, { exact: true });
const next = (page) => page.getByRole('button', { name: 'Weiter', exact: true }).click();

describe('Kita application, completed with the mouse', () => {
  it('goes from the start page to a stored submission with every value intact', async () => {
    const page = await newPage(b.browser);
    const sizes = {};
    const upload = async (locator, name) => {
      const f = pdfFile(name);
      sizes[name] = f.buffer.length;
      await locator.setInputFiles(f);
      // The chosen file is listed by name below the control.
      await page.getByText(name, { exact: true }).first().waitFor();
    };

    // Start page: the list of forms.
    await open(page, server, '/');
    await expectHeading(page, 'Anträge online stellen');
    await page.getByRole('link', { name: TITLE }).waitFor();
    await assertAccessible(page, 'start page');
    await page.getByRole('link', { name: TITLE }).click();

    // Intro page.
    await expectHeading(page, TITLE);
    await assertAccessible(page, 'Kita intro page');
    await page.getByRole('link', { name: /Jetzt starten/ }).click();

    // ----- Page 1: Träger -----
    await page.waitForURL(`**/antrag/${FORM}/traeger`);
    await expectHeading(page, 'Träger');
    await page.getByText('Schritt 1 von 5').waitFor();
    await assertAccessible(page, 'Kita page Träger (empty)');

    // Provoke errors: only the name and an IBAN with a wrong check digit.
    await label(page, 'Name des Trägers').fill(traeger.name);
    await label(page, 'IBAN des Kontos für die Auszahlung').fill('DE89 3704 0044 0532 0130 01');
    // Leaving the field shows its error at once (the click on "Weiter" is tested separately below).
    await label(page, 'IBAN des Kontos für die Auszahlung').blur();
    await page.getByText(/Diese IBAN ist nicht gültig/).first().waitFor();
    await next(page);
    const summary = errorSummary(page);
    await summary.waitFor();
    await expectFocused(summary, 'the error summary');
    assert.match(await page.title(), /^Fehler: /, 'the page title starts with "Fehler: "');
    await summary.getByRole('link', { name: 'Bitte wählen Sie die Rechtsform des Trägers aus.' }).waitFor();
    const ibanMsg = /Diese IBAN ist nicht gültig/;
    await summary.getByRole('link', { name: ibanMsg }).waitFor();
    await assertAccessible(page, 'Kita page Träger (error state)');

    // The summary link moves the focus to the field; the field says what is wrong.
    await summary.getByRole('link', { name: 'Bitte wählen Sie die Rechtsform des Trägers aus.' }).click();
    await expectFocused(label(page, 'Rechtsform'), 'the Rechtsform select');
    assert.equal(await label(page, 'Rechtsform').getAttribute('aria-invalid'), 'true');
    await summary.getByRole('link', { name: ibanMsg }).click();
    const iban = label(page, 'IBAN des Kontos für die Auszahlung');
    await expectFocused(iban, 'the IBAN field');
    const ibanDescribedBy = await iban.getAttribute('aria-describedby');
    assert.ok(ibanDescribedBy, 'the IBAN field is described by its error');
    const described = await page.evaluate((ids) => ids.split(' ').map((i) => document.getElementById(i)?.textContent).join(' '), ibanDescribedBy);
    assert.match(described, ibanMsg);

    // Fix everything.
    await label(page, 'Rechtsform').selectOption({ label: traeger.rechtsform.label });
    await label(page, 'Straße').fill(traeger.strasse);
    await label(page, 'Hausnummer').fill(traeger.hausnummer);
    await label(page, 'Postleitzahl').fill(traeger.plz);
    await label(page, 'Ort').fill(traeger.ort);
    await label(page, 'Vertretungsberechtigte Person').fill(traeger.vertretung);
    await label(page, 'Vorname').fill(traeger.vorname);
    await label(page, 'Nachname').fill(traeger.nachname);
    await label(page, 'E-Mail-Adresse').fill(traeger.email);
    await label(page, 'Telefonnummer').fill(traeger.telefon);
    await iban.fill(traeger.ibanTyped);
    await iban.blur();
    // Live validation after the failed attempt: the IBAN message disappears once it is valid.
    await page.locator('.error-message', { hasText: ibanMsg }).waitFor({ state: 'detached' });
    await label(page, 'Kontoinhaber').fill(traeger.kontoinhaber);
    await radio(page, 'Ist der Träger zum Vorsteuerabzug berechtigt?', 'Nein').check();
    await next(page);

    // ----- Page 2: Einrichtungen -----
    await page.waitForURL(`**/antrag/${FORM}/einrichtungen`);
    await expectHeading(page, 'Einrichtungen');
    await assertAccessible(page, 'Kita page Einrichtungen');
    const e1 = entry(page, 'Einrichtung 1');
    await label(e1, 'Name der Einrichtung').fill(einrichtung.name);
    await label(e1, 'Straße').fill(einrichtung.strasse);
    await label(e1, 'Hausnummer').fill(einrichtung.hausnummer);
    await label(e1, 'Postleitzahl').fill(einrichtung.plz);
    await label(e1, 'Ort').fill(einrichtung.ort);
    await label(e1, 'Nummer der Betriebserlaubnis').fill(einrichtung.betriebserlaubnis);
    await radio(e1, 'Art der Einrichtung', einrichtung.art.label).check();
    await label(e1, 'Landkreis oder kreisfreie Stadt').selectOption({ label: einrichtung.kreis.label });
    // "No" shows the warning that the facility cannot be funded; "Yes" removes it.
    const bedarfsplan = 'Ist die Einrichtung in den Bedarfsplan des örtlichen Trägers der öffentlichen Jugendhilfe aufgenommen?';
    await radio(e1, bedarfsplan, 'Nein').check();
    await page.getByText('Diese Einrichtung kann nicht gefördert werden.').waitFor();
    await assertAccessible(page, 'Kita page Einrichtungen (warning shown)');
    await radio(e1, bedarfsplan, 'Ja').check();
    await page.getByText('Diese Einrichtung kann nicht gefördert werden.').waitFor({ state: 'detached' });

    // Add a second facility (focus moves to its heading), then remove it again.
    await page.getByRole('button', { name: 'Weitere Einrichtung hinzufügen' }).click();
    await expectFocused(page.getByRole('heading', { name: 'Einrichtung 2', exact: true }), 'the heading "Einrichtung 2"');
    await label(entry(page, 'Einrichtung 2'), 'Name der Einrichtung').fill('Wird wieder entfernt');
    await assertAccessible(page, 'Kita page Einrichtungen (two entries)');
    // An entry with answers is removed only after a question (a slip on a phone).
    let asked = null;
    page.once('dialog', (d) => { asked = d.message(); d.accept(); });
    await page.getByRole('button', { name: 'Einrichtung 2 entfernen' }).click();
    await page.getByRole('heading', { name: 'Einrichtung 2', exact: true }).waitFor({ state: 'detached' });
    assert.equal(asked, '„Einrichtung 2“ mit allen Angaben entfernen? Das lässt sich nicht rückgängig machen.');
    await expectFocused(page.getByRole('heading', { name: 'Einrichtung 1', exact: true }), 'the heading "Einrichtung 1"');
    // The only entry cannot be removed (minItems 1).
    assert.equal(await page.getByRole('button', { name: 'Einrichtung 1 entfernen' }).count(), 0);

    // Back keeps the answers of page 1.
    await page.getByRole('link', { name: 'Zurück', exact: true }).click();
    await expectHeading(page, 'Träger');
    await expectValue(label(page, 'Name des Trägers'), traeger.name);
    await expectValue(label(page, 'Rechtsform'), traeger.rechtsform.value);
    assert.ok(await radio(page, 'Ist der Träger zum Vorsteuerabzug berechtigt?', 'Nein').isChecked());
    await next(page);
    await expectHeading(page, 'Einrichtungen');
    await expectValue(label(entry(page, 'Einrichtung 1'), 'Name der Einrichtung'), einrichtung.name);
    assert.equal(await page.getByRole('heading', { name: 'Einrichtung 2', exact: true }).count(), 0);
    await next(page);

    // ----- Page 3: Ausbildungsplätze; reload first and continue from the draft -----
    await page.waitForURL(`**/antrag/${FORM}/plaetze`);
    await expectHeading(page, 'Ausbildungsplätze');
    await page.reload();
    await expectHeading(page, 'Ausbildungsplätze');
    await page.getByText(/Wir haben Ihre Eingaben vom .* wiederhergestellt/).waitFor();
    await assertAccessible(page, 'Kita page Ausbildungsplätze (draft restored)');
    await page.getByRole('link', { name: 'Zurück', exact: true }).click();
    await expectHeading(page, 'Einrichtungen');
    await expectValue(label(entry(page, 'Einrichtung 1'), 'Name der Einrichtung'), einrichtung.name);
    await expectValue(label(entry(page, 'Einrichtung 1'), 'Landkreis oder kreisfreie Stadt'), einrichtung.kreis.value);
    await page.getByRole('link', { name: 'Zurück', exact: true }).click();
    await expectHeading(page, 'Träger');
    await expectValue(label(page, 'IBAN des Kontos für die Auszahlung'), traeger.ibanTyped);
    await next(page);
    await expectHeading(page, 'Einrichtungen');
    await next(page);
    await expectHeading(page, 'Ausbildungsplätze');

    await page.getByRole('button', { name: 'Weiteren Ausbildungsplatz hinzufügen' }).click();
    await expectFocused(page.getByRole('heading', { name: 'Ausbildungsplatz 2', exact: true }), 'the heading "Ausbildungsplatz 2"');
    for (const [i, p] of plaetze.entries()) {
      const e = entry(page, `Ausbildungsplatz ${i + 1}`);
      await label(e, 'Vorname').fill(p.vorname);
      await label(e, 'Nachname').fill(p.nachname);
      await label(e, 'Geburtsdatum').fill(p.geburtsdatum[0]);
      await label(e, 'Fachschule für Sozialpädagogik').selectOption({ label: p.fachschule.label });
      await label(e, 'Beginn der Ausbildung').fill(p.beginn[0]);
      // Computed from the start: the expected end of training.
      await e.getByText(p.ende, { exact: true }).waitFor();
      await label(e, 'Datum des Ausbildungsvertrags').fill(p.vertragsdatum[0]);
      await upload(label(e, 'Ausbildungsvertrag (PDF)'), p.vertrag);
      await radio(e, 'Handelt es sich um einen Quereinstieg?', p.quereinstieg ? 'Ja' : 'Nein').check();
      if (p.nachweis) await upload(label(e, 'Nachweis des bisherigen Berufsabschlusses'), p.nachweis);
      else assert.equal(await label(e, 'Nachweis des bisherigen Berufsabschlusses').count(), 0);
      await label(e, 'Monatliche Ausbildungsvergütung (brutto)').fill(p.verguetung[0]);
      await label(e, 'Monatlicher Arbeitgeberanteil zur Sozialversicherung').fill(p.sv[0]);
      await label(e, 'Name der Praxisanleitung').fill(p.anleitung.name);
      await label(e, 'Berufsabschluss der Praxisanleitung').fill(p.anleitung.qualifikation);
      await radio(e, 'Hat die Praxisanleitung einen Praxisanleiterkurs abgeschlossen?', p.anleitung.kurs ? 'Ja' : 'Nein').check();
      await label(e, 'Freistellung für die Anleitung').fill(p.anleitung.stunden[0]);
      await e.getByText(p.anleitung.zuschuss, { exact: false }).waitFor();
    }

    // A cross-field rule, checked as the citizen leaves the field: contract after the start.
    const v2 = label(entry(page, 'Ausbildungsplatz 2'), 'Datum des Ausbildungsvertrags');
    await v2.fill('02.08.2026');
    await v2.blur();
    const ruleMsg = 'Der Ausbildungsvertrag muss spätestens am Tag des Ausbildungsbeginns geschlossen sein.';
    await entry(page, 'Ausbildungsplatz 2').getByText(ruleMsg).waitFor();
    await next(page);
    // The summary says which training place the message is about.
    await errorSummary(page)
      .getByRole('link', { name: `Ausbildungsplatz 2: ${ruleMsg}`, exact: true })
      .click();
    await expectFocused(v2, 'the contract date of training place 2');
    await assertAccessible(page, 'Kita page Ausbildungsplätze (error state)');
    await v2.fill(plaetze[1].vertragsdatum[0]);
    await v2.blur();
    await entry(page, 'Ausbildungsplatz 2').getByText(ruleMsg).waitFor({ state: 'detached' });
    await assertAccessible(page, 'Kita page Ausbildungsplätze (filled)');
    await next(page);

    // ----- Page 4: Finanzierung -----
    await page.waitForURL(`**/antrag/${FORM}/finanzierung`);
    await expectHeading(page, 'Finanzierung');
    await assertAccessible(page, 'Kita page Finanzierung');
    await label(page, 'Beantragte Förderung 2025').fill(finanzierung.f2025[0]);
    await label(page, 'Beantragte Förderung 2026').fill(finanzierung.f2026[0]);
    await label(page, 'Beantragte Förderung 2027').fill(finanzierung.f2027[0]);
    await page.getByText(finanzierung.gesamt, { exact: false }).first().waitFor();
    await page.getByText(finanzierung.anleitungGesamt, { exact: false }).first().waitFor();
    await label(page, 'Eigenanteil des Trägers').fill(finanzierung.eigenanteil[0]);
    await page.getByLabel(/keine weiteren öffentlichen Mittel/).check();
    await next(page);

    // ----- Page 5: Erklärungen -----
    await page.waitForURL(`**/antrag/${FORM}/erklaerungen`);
    await expectHeading(page, 'Erklärungen');
    await assertAccessible(page, 'Kita page Erklärungen');
    await page.getByLabel(/alle Angaben in diesem Antrag vollständig und richtig/).check();
    await page.getByLabel(/nicht an Dritte weitergegeben/).check();
    await page.getByLabel(/mit dem Vorhaben noch nicht begonnen wurde/).check();
    await page.getByLabel(/Datenschutzhinweise zur Kenntnis genommen/).check();
    await label(page, 'Ort').fill(erklaerungen.ort);
    await label(page, 'Datum').fill(today().de);
    await next(page);

    // ----- Check your answers -----
    await page.waitForURL(`**/antrag/${FORM}/pruefen`);
    await expectHeading(page, 'Angaben prüfen');
    for (const text of [traeger.name, einrichtung.name, 'Lena', 'Jonas', 'vertrag-weber.pdf', 'zeugnis-weber.pdf']) {
      await page.getByRole('main').getByText(text, { exact: false }).first().waitFor({ timeout: 2_000 })
        .catch(() => { throw new Error(`check page does not show "${text}"`); });
    }
    assert.ok(await page.getByRole('link', { name: /Ändern/ }).count() > 10, 'check page has "Ändern" links');
    await assertAccessible(page, 'Kita check page');

    // ----- Submit -----
    await page.getByRole('button', { name: 'Antrag absenden' }).click();
    await page.waitForURL(`**/antrag/${FORM}/bestaetigung`);
    await expectHeading(page, 'Antrag gesendet');
    const refText = await page.getByText(/^KF-/).first().textContent();
    const reference = refText.trim();
    assert.match(reference, /^KF-\d{4}-[0-9A-Z]{5}$/, `reference number ${reference}`);
    await assertAccessible(page, 'Kita confirmation page');
    assertNoJsErrors(page, 'the Kita journey');

    // ----- Authority API -----
    const list = listOf(await server.api(`/api/forms/${FORM}/submissions`));
    assert.equal(list.length, 1, 'exactly one stored submission');
    assert.ok(JSON.stringify(list[0]).includes(reference), 'the list names the reference');
    const stored = await server.api(`/api/submissions/${encodeURIComponent(reference)}`);
    const data = dataOf(stored);
    const [normalized, fileProblems] = normalizeFiles(data);
    const problems = [
      ...fileProblems,
      ...diff(expectedPayload(sizes), normalized, '', COMPUTED),
      ...computedProblems(data),
    ];
    assert.deepEqual(problems, [], `stored payload differs:\n${problems.join('\n')}\nstored: ${JSON.stringify(stored).slice(0, 3000)}`);

    // The stored PDF is byte-identical to the upload.
    const vertrag = data.plaetze?.[0]?.vertrag?.[0];
    assert.ok(vertrag?.part, 'the first contract has a part name');
    const r = await fetch(`${server.url}/api/submissions/${encodeURIComponent(reference)}/files/${encodeURIComponent(vertrag.part)}`,
      { headers: { authorization: `Bearer ${TOKEN}` } });
    assert.equal(r.status, 200, 'the file can be downloaded');
    assert.deepEqual(Buffer.from(await r.arrayBuffer()), pdfFile(plaetze[0].vertrag).buffer);

    // The CSV export has one row with the reference and the normalized IBAN.
    const csv = await server.api(`/api/forms/${FORM}/submissions.csv`);
    assert.ok(csv.includes(reference), 'the CSV names the reference');
    assert.ok(csv.includes(traeger.iban), 'the CSV holds the IBAN');
    await page.context().close();
  });

  it('a click on "Weiter" straight from an invalid field is not lost', async () => {
    // Leaving the field validates it and inserts its error message above the button; the click
    // that caused the blur must still count (a citizen clicks once and expects a reaction).
    const page = await newPage(b.browser);
    await open(page, server, `/antrag/${FORM}/traeger`);
    await expectHeading(page, 'Träger');
    await label(page, 'IBAN des Kontos für die Auszahlung').fill('DE89 3704 0044 0532 0130 01');
    await page.getByRole('button', { name: 'Weiter', exact: true }).click();
    await errorSummary(page).waitFor({ timeout: 3_000 }).catch(() => {
      throw new Error('the first click on "Weiter" did nothing: no error summary, no navigation '
        + '(the blur validation moved the button between mousedown and mouseup)');
    });
    await page.context().close();
  });
});
