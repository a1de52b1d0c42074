// The answers a citizen gives in the Kita journeys (mouse and keyboard) and the payload the server
// must store for them: one facility, two training places (the second a career changer).

import { today } from './harness.mjs';

export const FORM = 'kita-fachkraefte';
export const TITLE = /Fachkräfteinitiative Kita/;

export const traeger = {
  name: 'Kinderland Erfurt e. V.',
  rechtsform: { value: 'ev', label: 'Eingetragener Verein (e. V.)' },
  strasse: 'Juri-Gagarin-Ring', hausnummer: '150', plz: '99084', ort: 'Erfurt',
  vertretung: 'Martina Vorstand',
  vorname: 'Erika', nachname: 'Mustermann', email: 'erika.mustermann@example.de', telefon: '0361 123456',
  ibanTyped: 'de89 3704 0044 0532 0130 00', iban: 'DE89370400440532013000',
  kontoinhaber: 'Kinderland Erfurt e. V.',
};

export const einrichtung = {
  name: 'Kita Sonnenschein', strasse: 'Blumenweg', hausnummer: '3a', plz: '99085', ort: 'Erfurt',
  betriebserlaubnis: 'BE-2019-0815', art: { value: 'kindergarten', label: 'Kindergarten' },
  kreis: { value: '16051', label: 'Erfurt, Stadt' },
};

export const plaetze = [
  {
    vorname: 'Lena', nachname: 'Schmidt', geburtsdatum: ['12.03.2004', '2004-03-12'],
    fachschule: { value: 'sbbs-weimar', label: 'Staatliche Berufsbildende Schule Weimar' },
    beginn: ['01.09.2026', '2026-09-01'], ende: '31.08.2029', vertragsdatum: ['15.06.2026', '2026-06-15'],
    vertrag: 'vertrag-schmidt.pdf', quereinstieg: false,
    verguetung: ['1.234,5', '1234.50'], sv: ['250', '250.00'],
    anleitung: { name: 'Petra Anleiterin', qualifikation: 'Staatlich anerkannte Erzieherin', kurs: true, stunden: ['1,75', '1.75'], zuschuss: '2.275,00' },
  },
  {
    vorname: 'Jonas', nachname: 'Weber', geburtsdatum: ['30.11.1990', '1990-11-30'],
    fachschule: { value: 'sbbs-gotha', label: 'Staatliche Berufsbildende Schule Gotha' },
    beginn: ['01.08.2026', '2026-08-01'], ende: '31.07.2029', vertragsdatum: ['01.08.2026', '2026-08-01'],
    vertrag: 'vertrag-weber.pdf', quereinstieg: true, nachweis: 'zeugnis-weber.pdf',
    verguetung: ['1100', '1100.00'], sv: ['0,99', '0.99'],
    anleitung: { name: 'Klaus Mentor', qualifikation: 'Kindheitspädagoge (B. A.)', kurs: false, stunden: ['1,25', '1.25'], zuschuss: '1.625,00' },
  },
];

export const finanzierung = {
  f2025: ['0', '0.00'], f2026: ['21.460', '21460.00'], f2027: ['20.000,5', '20000.50'],
  gesamt: '41.460,50', anleitungGesamt: '3.900,00', eigenanteil: ['1.234,50', '1234.50'],
};

export const erklaerungen = { ort: 'Erfurt' };

/** Computed fields the payload may carry (checked when present). */
export const COMPUTED = ['ende', 'zuschuss', 'foerderung_gesamt', 'anleitung_gesamt'];

/** The payload the server must store; `files` maps file names to their sizes. */
export function expectedPayload(sizes) {
  const file = (name) => [{ name, type: 'application/pdf', size: sizes[name] }];
  return {
    traeger: {
      name: traeger.name,
      rechtsform: traeger.rechtsform.value,
      anschrift: { strasse: traeger.strasse, hausnummer: traeger.hausnummer, plz: traeger.plz, ort: traeger.ort },
      vertretung: traeger.vertretung,
      kontakt: { vorname: traeger.vorname, nachname: traeger.nachname, email: traeger.email, telefon: traeger.telefon },
      iban: traeger.iban,
      kontoinhaber: traeger.kontoinhaber,
      vorsteuerabzug: false,
    },
    einrichtungen: [{
      name: einrichtung.name,
      anschrift: { strasse: einrichtung.strasse, hausnummer: einrichtung.hausnummer, plz: einrichtung.plz, ort: einrichtung.ort },
      betriebserlaubnis: einrichtung.betriebserlaubnis,
      art: einrichtung.art.value,
      kreis: einrichtung.kreis.value,
      bedarfsplan: true,
    }],
    plaetze: plaetze.map((p) => ({
      vorname: p.vorname,
      nachname: p.nachname,
      geburtsdatum: p.geburtsdatum[1],
      fachschule: p.fachschule.value,
      beginn: p.beginn[1],
      vertragsdatum: p.vertragsdatum[1],
      vertrag: file(p.vertrag),
      quereinstieg: p.quereinstieg,
      ...(p.nachweis ? { nachweis: file(p.nachweis) } : {}),
      verguetung: p.verguetung[1],
      sv_anteil: p.sv[1],
      anleitung: {
        name: p.anleitung.name,
        qualifikation: p.anleitung.qualifikation,
        kurs_absolviert: p.anleitung.kurs,
        stunden: p.anleitung.stunden[1],
      },
    })),
    foerderung_2025: finanzierung.f2025[1],
    foerderung_2026: finanzierung.f2026[1],
    foerderung_2027: finanzierung.f2027[1],
    eigenanteil: finanzierung.eigenanteil[1],
    keine_doppelfoerderung: true,
    wahrheit: true,
    keine_weitergabe: true,
    kein_vorzeitiger_beginn: true,
    datenschutz: true,
    ort: erklaerungen.ort,
    datum: today().iso,
  };
}

/** Checks the values of computed fields if the payload carries them; returns differences. */
export function computedProblems(data) {
  const out = [];
  const want = {
    foerderung_gesamt: '41460.50', anleitung_gesamt: '3900.00',
  };
  for (const [k, v] of Object.entries(want)) {
    if (k in data && String(data[k]) !== v) out.push(`${k}: expected ${v}, got ${JSON.stringify(data[k])}`);
  }
  (data.plaetze || []).forEach((p, i) => {
    const w = plaetze[i];
    if (!w) return;
    const endeIso = w.ende.split('.').reverse().join('-');
    if ('ende' in p && p.ende !== endeIso) out.push(`plaetze[${i}].ende: expected ${endeIso}, got ${JSON.stringify(p.ende)}`);
    const z = w.anleitung.zuschuss.replace('.', '').replace(',', '.');
    if (p.anleitung && 'zuschuss' in p.anleitung && String(p.anleitung.zuschuss) !== z) {
      out.push(`plaetze[${i}].anleitung.zuschuss: expected ${z}, got ${JSON.stringify(p.anleitung.zuschuss)}`);
    }
  });
  return out;
}

/**
 * Normalizes stored file descriptors to {name,type,size} (the part name is an implementation
 * detail) after checking each has a part; returns [normalized, problems].
 */
export function normalizeFiles(data) {
  const problems = [];
  const walk = (v, path) => {
    if (Array.isArray(v)) {
      return v.map((x, i) => {
        if (x && typeof x === 'object' && 'part' in x && 'name' in x) {
          if (typeof x.part !== 'string' || !x.part) problems.push(`${path}[${i}].part missing`);
          return { name: x.name, type: x.type, size: x.size };
        }
        return walk(x, `${path}[${i}]`);
      });
    }
    if (v && typeof v === 'object') {
      return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, walk(x, path ? `${path}.${k}` : k)]));
    }
    return v;
  };
  return [walk(data, ''), problems];
}
