// The Kita application (choices, selects, yes/no, consents, dates, money, repeats, files)
// completed with the keyboard alone: Tab, Shift+Tab, Space, Enter, arrow keys. No mouse.

import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import {
  startServer, newPage, sharedBrowser, expectFocused, expectHeading, errorSummary, pdfFile, today,
  dataOf, listOf, diff, assertNoJsErrors, appReady,
} from './harness.mjs';
import { run, focused, tabUntil } from './keyboard.mjs';
import {
  FORM, TITLE, traeger, einrichtung, plaetze, finanzierung, erklaerungen, expectedPayload,
  computedProblems, normalizeFiles, COMPUTED,
} from './kita-data.mjs';

const b = sharedBrowser(before, after);
let server;
before(async () => { server = await startServer(); });
after(async () => { await server?.cleanup(); });

describe('keyboard only', () => {
  it('completes and submits the Kita application without a mouse', async () => {
    const page = await newPage(b.browser);
    // Any mouse use would be a bug in this test: make it fail loudly.
    await page.addInitScript(() => {
      for (const t of ['mousedown', 'mouseup', 'pointerdown']) {
        window.addEventListener(t, (e) => { if (e.isTrusted) console.error(`MOUSE USED: ${t}`); }, true);
      }
    });
    const sizes = {};
    const file = (name) => { const f = pdfFile(name); sizes[name] = f.buffer.length; return f; };

    await page.goto(server.url + '/');
    await appReady(page);
    await page.getByRole('link', { name: TITLE }).waitFor();
    // The skip link is the first stop and moves the focus to the main content.
    await page.keyboard.press('Tab');
    assert.equal((await focused(page)).text, 'Zum Inhalt springen');
    await run(page, [['button', TITLE]]);
    await expectHeading(page, TITLE);
    await run(page, [['button', /Jetzt starten/]]);
    await expectHeading(page, 'Träger');

    // Next on the empty page: the error summary gets the focus; its first link leads to the field.
    await run(page, [['button', 'Weiter']]);
    const summary = errorSummary(page);
    await expectFocused(summary, 'the error summary');
    await page.keyboard.press('Tab');
    const first = await focused(page);
    assert.equal(first.tag, 'a', 'Tab from the summary reaches its first link');
    await page.keyboard.press('Enter');
    await expectFocused(page.getByLabel('Name des Trägers', { exact: true }), 'the first field with an error');

    await run(page, [
      ['type', 'Name des Trägers', traeger.name],
      ['select', 'Rechtsform', traeger.rechtsform.label],
      ['type', 'Straße', traeger.strasse],
      ['type', 'Hausnummer', traeger.hausnummer],
      ['type', 'Postleitzahl', traeger.plz],
      ['type', 'Ort', traeger.ort],
      ['type', 'Vertretungsberechtigte Person', traeger.vertretung],
      ['type', 'Vorname', traeger.vorname],
      ['type', 'Nachname', traeger.nachname],
      ['type', 'E-Mail-Adresse', traeger.email],
      ['type', 'Telefonnummer', traeger.telefon],
      ['type', 'IBAN des Kontos für die Auszahlung', traeger.ibanTyped],
      ['type', 'Kontoinhaber', traeger.kontoinhaber],
      ['radio', 'Ist der Träger zum Vorsteuerabzug berechtigt?', 'Nein'],
      ['button', 'Weiter'],
    ]);
    await expectHeading(page, 'Einrichtungen');
    await run(page, [
      ['type', 'Name der Einrichtung', einrichtung.name],
      ['type', 'Straße', einrichtung.strasse],
      ['type', 'Hausnummer', einrichtung.hausnummer],
      ['type', 'Postleitzahl', einrichtung.plz],
      ['type', 'Ort', einrichtung.ort],
      ['type', 'Nummer der Betriebserlaubnis', einrichtung.betriebserlaubnis],
      ['radio', 'Art der Einrichtung', einrichtung.art.label],
      ['select', 'Landkreis oder kreisfreie Stadt', einrichtung.kreis.label],
      ['radio', /^Ist die Einrichtung in den Bedarfsplan/, 'Ja'],
      ['button', 'Weiter'],
    ]);
    await expectHeading(page, 'Ausbildungsplätze');
    const place = (p) => [
      ['type', 'Vorname', p.vorname],
      ['type', 'Nachname', p.nachname],
      ['type', 'Geburtsdatum', p.geburtsdatum[0]],
      ['select', 'Fachschule für Sozialpädagogik', p.fachschule.label],
      ['type', 'Beginn der Ausbildung', p.beginn[0]],
      ['type', 'Datum des Ausbildungsvertrags', p.vertragsdatum[0]],
      ['file', 'Ausbildungsvertrag (PDF)', file(p.vertrag)],
      ['radio', 'Handelt es sich um einen Quereinstieg?', p.quereinstieg ? 'Ja' : 'Nein'],
      ...(p.nachweis ? [['file', 'Nachweis des bisherigen Berufsabschlusses', file(p.nachweis)]] : []),
      ['type', 'Monatliche Ausbildungsvergütung (brutto)', p.verguetung[0]],
      ['type', 'Monatlicher Arbeitgeberanteil zur Sozialversicherung', p.sv[0]],
      ['type', 'Name der Praxisanleitung', p.anleitung.name],
      ['type', 'Berufsabschluss der Praxisanleitung', p.anleitung.qualifikation],
      ['radio', 'Hat die Praxisanleitung einen Praxisanleiterkurs abgeschlossen?', p.anleitung.kurs ? 'Ja' : 'Nein'],
      ['type', 'Freistellung für die Anleitung', p.anleitung.stunden[0]],
    ];
    await run(page, [...place(plaetze[0]), ['button', 'Weiteren Ausbildungsplatz hinzufügen']]);
    await expectFocused(page.getByRole('heading', { name: 'Ausbildungsplatz 2', exact: true }), 'the new entry heading');
    await run(page, [...place(plaetze[1]), ['button', 'Weiter']]);

    await expectHeading(page, 'Finanzierung');
    await run(page, [
      ['type', 'Beantragte Förderung 2025', finanzierung.f2025[0]],
      ['type', 'Beantragte Förderung 2026', finanzierung.f2026[0]],
      ['type', 'Beantragte Förderung 2027', finanzierung.f2027[0]],
      ['type', 'Eigenanteil des Trägers', finanzierung.eigenanteil[0]],
      ['check', /keine weiteren öffentlichen Mittel/],
      ['button', 'Weiter'],
    ]);
    await expectHeading(page, 'Erklärungen');
    await run(page, [
      ['check', /alle Angaben in diesem Antrag vollständig und richtig/],
      ['check', /nicht an Dritte weitergegeben/],
      ['check', /mit dem Vorhaben noch nicht begonnen wurde/],
      ['check', /Datenschutzhinweise zur Kenntnis genommen/],
      ['type', 'Ort', erklaerungen.ort],
      ['type', 'Datum', today().de],
      ['button', 'Weiter'],
    ]);
    await expectHeading(page, 'Angaben prüfen');

    // Shift+Tab works backwards: from the submit button back to a "Ändern" link.
    await tabUntil(page, (f) => f.tag === 'button' && f.text === 'Antrag absenden', 'the submit button', { max: 400 });
    await page.keyboard.press('Shift+Tab');
    assert.match((await focused(page)).text, /Ändern/);
    await page.keyboard.press('Tab');
    await page.keyboard.press('Enter');
    await expectHeading(page, 'Antrag gesendet');
    const reference = (await page.getByText(/^KF-/).first().textContent()).trim();
    assertNoJsErrors(page, 'the keyboard journey');

    const list = listOf(await server.api(`/api/forms/${FORM}/submissions`));
    assert.equal(list.length, 1, 'exactly one stored submission');
    const data = dataOf(await server.api(`/api/submissions/${encodeURIComponent(reference)}`));
    const [normalized, fileProblems] = normalizeFiles(data);
    const problems = [...fileProblems, ...diff(expectedPayload(sizes), normalized, '', COMPUTED), ...computedProblems(data)];
    assert.deepEqual(problems, [], `stored payload differs:\n${problems.join('\n')}`);
    await page.context().close();
  });
});
