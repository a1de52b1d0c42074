// Generated benchmark forms: one antrag definition and an equivalent SurveyJS JSON per size.
//
// Every form has all fields on ONE page, in this order:
//   kurz          text, maxLength 5        the keystroke target
//   kurz_lang     text, visibleIf len(kurz) > 5   (its dependent; hidden at first)
//   eintraege     repeat (2 entries at start) of name (text), betrag (integer), datum (date)
//   summe         computed: sum of every integer field and of eintraege[*].betrag
//   f_5 … f_N     a cycle of text/maxLength, integer/min/max, date, choice (radios), yesNo,
//                 text visibleIf <yesNo> == true, textarea, choice (select), email, integer
//   the last field is always a text field (`lastId`), so "whole form rendered" = it is in the DOM.
//
// `n` counts field definitions (a repeat's inner fields once, the computed field too).
//
// Usage as a script: node tests/bench/forms.mjs OUT_DIR [sizes…]  (default sizes 50 200 1000)
// writes OUT_DIR/forms/bench-N.json and OUT_DIR/forms/index.json (antrag; a forms folder for
// `antrag serve`) and OUT_DIR/survey/bench-N.json (SurveyJS).

import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

export const SIZES = [50, 200, 1000];

const CHOICES = ['a', 'b', 'c'];
const SELECT = ['01', '02', '03', '04', '05', '06', '07', '08'];

/** The cycle of field kinds after the fixed head (10 kinds, see the file comment). */
const CYCLE = ['text', 'integer', 'date', 'radio', 'yesNo', 'dependent', 'textarea', 'select', 'email', 'integer'];

const HEAD = 6; // kurz, kurz_lang, eintraege.{name,betrag,datum}, summe

/** The field plan of a form of `n` fields: [{id, kind, dependsOn?}] after the head. */
function plan(n) {
  if (n < HEAD + 2) throw new Error(`a bench form needs at least ${HEAD + 2} fields`);
  const out = [];
  let lastYesNo = null;
  for (let i = HEAD + 1; i <= n; i++) {
    let kind = CYCLE[(i - HEAD - 1) % CYCLE.length];
    if (i === n) kind = 'text'; // the last field is a plain text input
    if (kind === 'dependent' && !lastYesNo) kind = 'text';
    const id = `f_${i}`;
    out.push({ id, kind, dependsOn: kind === 'dependent' ? lastYesNo : undefined });
    if (kind === 'yesNo') lastYesNo = id;
  }
  return out;
}

export function formId(n) {
  return `bench-${n}`;
}

/** The antrag form definition (forms/<id>.json format, see crates/core/src/model.rs). */
export function antragForm(n) {
  const fields = plan(n);
  const ints = fields.filter((f) => f.kind === 'integer').map((f) => f.id);
  const items = [
    { type: 'text', id: 'kurz', label: 'Kurzname (höchstens 5 Zeichen)', maxLength: 5 },
    {
      type: 'text', id: 'kurz_lang', label: 'Warum ist der Kurzname länger?', maxLength: 200,
      visibleIf: 'len(kurz) > 5',
    },
    {
      type: 'repeat', id: 'eintraege', label: 'Einträge', itemLabel: 'Eintrag {n}', minItems: 2, maxItems: 10,
      items: [
        { type: 'text', id: 'name', label: 'Bezeichnung', maxLength: 50 },
        { type: 'integer', id: 'betrag', label: 'Betrag', min: 0, max: 10000 },
        { type: 'date', id: 'datum', label: 'Datum' },
      ],
    },
    {
      type: 'computed', id: 'summe', label: 'Summe aller Zahlen', format: 'integer',
      expr: `sum(eintraege[*].betrag) + sum(${ints.join(', ')})`,
    },
  ];
  for (const f of fields) {
    const label = `Feld ${f.id.slice(2)}`;
    switch (f.kind) {
      case 'text': items.push({ type: 'text', id: f.id, label: `${label} (Text)`, maxLength: 80 }); break;
      case 'integer': items.push({ type: 'integer', id: f.id, label: `${label} (Zahl)`, min: 0, max: 1000 }); break;
      case 'date': items.push({ type: 'date', id: f.id, label: `${label} (Datum)` }); break;
      case 'radio':
        items.push({
          type: 'choice', id: f.id, label: `${label} (Auswahl)`,
          options: CHOICES.map((v) => ({ value: v, label: `Möglichkeit ${v.toUpperCase()}` })),
        });
        break;
      case 'yesNo': items.push({ type: 'yesNo', id: f.id, label: `${label} (Ja/Nein)` }); break;
      case 'dependent':
        items.push({
          type: 'text', id: f.id, label: `${label} (nur bei Ja)`, maxLength: 80,
          visibleIf: `${f.dependsOn} == true`,
        });
        break;
      case 'textarea': items.push({ type: 'textarea', id: f.id, label: `${label} (Langtext)`, maxLength: 500, rows: 3 }); break;
      case 'select':
        items.push({
          type: 'choice', id: f.id, label: `${label} (Liste)`, display: 'select',
          options: SELECT.map((v) => ({ value: v, label: `Eintrag ${v}` })),
        });
        break;
      case 'email': items.push({ type: 'email', id: f.id, label: `${label} (E-Mail)` }); break;
      default: throw new Error(f.kind);
    }
  }
  return {
    id: formId(n),
    version: '1.0.0',
    title: `Messformular mit ${n} Feldern`,
    submit: { url: `/api/forms/${formId(n)}/submissions` },
    pages: [{ id: 'alles', title: 'Alle Angaben', items }],
  };
}

/**
 * The equivalent SurveyJS JSON. Validation runs on every value change and text values update on
 * every keystroke (`checkErrorsMode: onValueChanged`, `textUpdateMode: onTyping`), which is what
 * antrag does for a field in error.
 */
export function surveyForm(n) {
  const fields = plan(n);
  const ints = fields.filter((f) => f.kind === 'integer').map((f) => `{${f.id}}`);
  const maxLen = (m) => [{ type: 'text', maxLength: m }];
  const elements = [
    { type: 'text', name: 'kurz', title: 'Kurzname (höchstens 5 Zeichen)', validators: maxLen(5) },
    {
      type: 'text', name: 'kurz_lang', title: 'Warum ist der Kurzname länger?', validators: maxLen(200),
      visibleIf: '{kurz.length} > 5',
    },
    {
      type: 'paneldynamic', name: 'eintraege', title: 'Einträge', templateTitle: 'Eintrag {panelIndex}',
      panelCount: 2, minPanelCount: 2, maxPanelCount: 10,
      templateElements: [
        { type: 'text', name: 'name', title: 'Bezeichnung', validators: maxLen(50) },
        { type: 'text', name: 'betrag', title: 'Betrag', inputType: 'number', min: 0, max: 10000 },
        { type: 'text', name: 'datum', title: 'Datum', inputType: 'date' },
      ],
    },
    {
      type: 'expression', name: 'summe', title: 'Summe aller Zahlen',
      expression: `sumInArray({eintraege}, 'betrag') + sum(${ints.join(', ')})`,
    },
  ];
  for (const f of fields) {
    const title = `Feld ${f.id.slice(2)}`;
    switch (f.kind) {
      case 'text': elements.push({ type: 'text', name: f.id, title: `${title} (Text)`, validators: maxLen(80) }); break;
      case 'integer':
        elements.push({ type: 'text', name: f.id, title: `${title} (Zahl)`, inputType: 'number', min: 0, max: 1000 });
        break;
      case 'date': elements.push({ type: 'text', name: f.id, title: `${title} (Datum)`, inputType: 'date' }); break;
      case 'radio':
        elements.push({
          type: 'radiogroup', name: f.id, title: `${title} (Auswahl)`,
          choices: CHOICES.map((v) => ({ value: v, text: `Möglichkeit ${v.toUpperCase()}` })),
        });
        break;
      case 'yesNo':
        elements.push({ type: 'boolean', name: f.id, title: `${title} (Ja/Nein)`, renderAs: 'radio' });
        break;
      case 'dependent':
        elements.push({
          type: 'text', name: f.id, title: `${title} (nur bei Ja)`, validators: maxLen(80),
          visibleIf: `{${f.dependsOn}} = true`,
        });
        break;
      case 'textarea':
        elements.push({ type: 'comment', name: f.id, title: `${title} (Langtext)`, rows: 3, validators: maxLen(500) });
        break;
      case 'select':
        elements.push({
          type: 'dropdown', name: f.id, title: `${title} (Liste)`,
          choices: SELECT.map((v) => ({ value: v, text: `Eintrag ${v}` })),
        });
        break;
      case 'email':
        elements.push({ type: 'text', name: f.id, title: `${title} (E-Mail)`, inputType: 'email', validators: [{ type: 'email' }] });
        break;
      default: throw new Error(f.kind);
    }
  }
  return {
    title: `Messformular mit ${n} Feldern`,
    showQuestionNumbers: 'off',
    checkErrorsMode: 'onValueChanged',
    textUpdateMode: 'onTyping',
    pages: [{ name: 'alles', elements }],
  };
}

/** Ids the browser bench needs. */
export function meta(n) {
  return {
    id: formId(n),
    page: 'alles',
    firstId: 'kurz',
    ctrlId: 'kurz',
    depId: 'kurz_lang',
    lastId: `f_${n}`,
  };
}

/**
 * Writes all sizes below `dir`: `forms/` (antrag definitions and the index.json manifest that
 * `antrag serve` lists) and `survey/` (SurveyJS JSON). Returns both folders.
 */
export function writeForms(dir, sizes = SIZES) {
  const forms = join(dir, 'forms');
  const survey = join(dir, 'survey');
  mkdirSync(forms, { recursive: true });
  mkdirSync(survey, { recursive: true });
  const manifest = { forms: [] };
  for (const n of sizes) {
    const def = antragForm(n);
    writeFileSync(join(forms, `${def.id}.json`), JSON.stringify(def, null, 1));
    writeFileSync(join(survey, `${def.id}.json`), JSON.stringify(surveyForm(n)));
    manifest.forms.push({ id: def.id, version: def.version, title: def.title, file: `${def.id}.json` });
  }
  writeFileSync(join(forms, 'index.json'), JSON.stringify(manifest, null, 1));
  return { forms, survey };
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const [out, ...rest] = process.argv.slice(2);
  if (!out) {
    console.error('usage: node tests/bench/forms.mjs OUT_DIR [sizes…]');
    process.exit(2);
  }
  const sizes = rest.length ? rest.map(Number) : SIZES;
  writeForms(out, sizes);
  console.error(`wrote ${sizes.map(formId).join(', ')} into ${out}`);
}
