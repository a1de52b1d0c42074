// A form-agnostic "smoke filler": walks a form definition (the same JSON the app loads), finds
// each visible required control of the current page by the DOM id the app derives from its path
// (the id the error summary links to: `#f-traeger-anschrift-plz`, `#f-plaetze-1-vorname`, radios
// `#<id>-<n>`), and fills a plausible value by field type. Errors the server-side rules find are
// fixed through the error summary by trying the next option or candidate value.

import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { pdfFile, errorSummary } from './harness.mjs';

/** Mirror of the app's `paths::dom_id`. */
export function domId(path) {
  let id = 'f-';
  for (const c of path) {
    if (c === '.' || c === '[') id += '-';
    else if (c === ']') continue;
    else if (/[A-Za-z0-9_-]/.test(c)) id += c;
    else id += '_';
  }
  return id;
}

export function loadDefinition(formsDir, id) {
  return JSON.parse(readFileSync(join(formsDir, `${id}.json`), 'utf8'));
}

const TEXT_CANDIDATES = [
  'Test', 'Test Testmann', '12', '1', 'AB-CD-1234', 'A1B2C3', 'KF-2026-4F7Q2', 'www.example.de', 'a',
];

function pad(s, min) {
  let out = s;
  while (min && out.length < min) out += ' Test';
  return out;
}

function isoOf(d) {
  const p = (n) => String(n).padStart(2, '0');
  return `${d.getFullYear()}-${p(d.getMonth() + 1)}-${p(d.getDate())}`;
}

/** Resolves `today`, `today-16y`, `today+6m`, `today-7d`, `2025-08-01` to ISO. */
export function resolveDate(spec) {
  if (!spec) return null;
  const m = /^today(?:([+-])(\d+)([dmy]))?$/.exec(spec);
  if (!m) return spec;
  const d = new Date();
  if (m[1]) {
    const n = Number(m[2]) * (m[1] === '-' ? -1 : 1);
    if (m[3] === 'd') d.setDate(d.getDate() + n);
    if (m[3] === 'm') d.setMonth(d.getMonth() + n);
    if (m[3] === 'y') d.setFullYear(d.getFullYear() + n);
  }
  return isoOf(d);
}

const deOf = (iso) => `${iso.slice(8, 10)}.${iso.slice(5, 7)}.${iso.slice(0, 4)}`;

function dateCandidates(f) {
  const lo = resolveDate(f.minDate);
  const hi = resolveDate(f.maxDate);
  const todayIso = resolveDate('today');
  const all = ['2026-09-01', '1985-03-17', todayIso, hi, lo, '2000-01-01'].filter(Boolean);
  const ok = all.filter((d) => (!lo || d >= lo) && (!hi || d <= hi));
  return [...new Set(ok)].map(deOf);
}

function numberCandidates(f, kind) {
  const min = f.min !== undefined ? Number(f.min) : undefined;
  const max = f.max !== undefined ? Number(f.max) : undefined;
  const base = kind === 'integer' ? [1, 0, 2] : [1000, 1, 0, 2];
  const all = [...base, max, min].filter((x) => x !== undefined && !Number.isNaN(x));
  const ok = all.filter((x) => (min === undefined || x >= min) && (max === undefined || x <= max));
  return [...new Set(ok)].map((x) => String(x).replace('.', ','));
}

/** The candidate values for a text-like field, best first. */
export function candidates(f) {
  switch (f.type) {
    case 'email': return ['test@example.de'];
    case 'phone': return ['0361 123456'];
    case 'postcode': return ['99084'];
    case 'iban': return ['DE89370400440532013000'];
    case 'date': return dateCandidates(f);
    case 'money': case 'decimal': case 'integer': return numberCandidates(f, f.type);
    default: {
      const re = f.pattern ? new RegExp(`^(?:${f.pattern})$`, 'u') : null;
      return TEXT_CANDIDATES.map((c) => pad(c, f.minLength))
        .filter((c) => (!re || re.test(c)) && (!f.maxLength || c.length <= f.maxLength));
    }
  }
}

/** Every field instance of `items` present in the DOM (repeats expanded by their entries). */
async function walk(page, items, prefix, out) {
  for (const it of items) {
    if (!it.id) continue;
    const path = `${prefix}${it.id}`;
    if (it.type === 'group') {
      await walk(page, it.items, `${path}.`, out);
    } else if (it.type === 'repeat') {
      for (let i = 0; ; i++) {
        if (!(await page.locator(`#${domId(path)}-${i}-title`).count())) break;
        await walk(page, it.items, `${path}[${i}].`, out);
      }
    } else if (!['heading', 'paragraph', 'info', 'computed'].includes(it.type)) {
      out.push({ f: it, path, id: domId(path) });
    }
  }
  return out;
}

const isOptions = (f) => f.type === 'yesNo' || f.type === 'multiChoice' || (f.type === 'choice' && f.display !== 'select');
/** The radios or checkboxes of an option field (they carry the instance path as `name`). */
const optionInputs = (page, x) => page.locator(`main input[name="${x.path}"]`);

function control(page, x) {
  return isOptions(x.f) ? optionInputs(page, x).first() : page.locator(`#${x.id}`);
}

async function isFilled(page, x) {
  const { f, id } = x;
  if (isOptions(f)) {
    return optionInputs(page, x).evaluateAll((els) => els.some((e) => e.checked));
  }
  const el = page.locator(`#${id}`);
  if (f.type === 'consent') return el.isChecked();
  if (f.type === 'file') return page.locator(`#${id}`).locator('xpath=..').locator('li').count().then((n) => n > 0);
  return (await el.inputValue()) !== '';
}

/** Sets a value for one field; `attempt` picks the n-th alternative. */
async function setField(page, x, attempt, overrides) {
  const { f, id } = x;
  const key = x.path.replace(/\[\d+\]/g, '[*]');
  const ov = overrides[key];
  if (ov !== undefined) {
    if (typeof ov === 'function') return ov(page, x);
    if (f.type === 'choice' && f.display === 'select') return page.locator(`#${id}`).selectOption(String(ov));
    if (isOptions(f)) return optionInputs(page, x).and(page.locator(`[value="${ov}"]`)).check();
    return page.locator(`#${id}`).fill(String(ov));
  }
  switch (f.type) {
    case 'yesNo': case 'choice': case 'multiChoice': {
      if (f.type === 'choice' && f.display === 'select') {
        const n = await page.locator(`#${id} option`).count();
        return page.locator(`#${id}`).selectOption({ index: 1 + (attempt % Math.max(1, n - 1)) });
      }
      const inputs = optionInputs(page, x);
      const n = await inputs.count();
      if (f.type === 'multiChoice') {
        for (let i = 0; i < n; i++) await inputs.nth(i).uncheck();
      }
      return inputs.nth(attempt % n).check();
    }
    case 'consent': return page.locator(`#${id}`).check();
    case 'file': return page.locator(`#${id}`).setInputFiles(pdfFile(`${f.id}.pdf`));
    default: {
      const c = candidates(f);
      if (!c.length) throw new Error(`no candidate value for ${x.path} (${f.type})`);
      const el = page.locator(`#${id}`);
      await el.fill(c[attempt % c.length]);
      await el.blur();
    }
  }
}

function required(f) {
  return !!(f.required || f.requiredIf || f.type === 'consent');
}

/** Fills every visible, required, empty control of page `pageDef` (repeats until stable). */
export async function fillPage(page, pageDef, overrides = {}) {
  for (let round = 0; round < 6; round++) {
    const fields = await walk(page, pageDef.items, '', []);
    let changed = false;
    for (const x of fields) {
      const key = x.path.replace(/\[\d+\]/g, '[*]');
      if (!required(x.f) && overrides[key] === undefined) continue;
      if (!(await control(page, x).count())) continue; // hidden
      if (await isFilled(page, x)) continue;
      await setField(page, x, 0, overrides);
      changed = true;
    }
    if (!changed) return;
  }
}

/** Clicks "Weiter"; resolves with 'moved' (URL changed) or 'errors' (error summary shown). */
export async function next(page) {
  const before = page.url();
  await page.getByRole('button', { name: 'Weiter', exact: true }).click();
  await page.waitForFunction(
    (b) => location.href !== b || !!document.querySelector('#error-summary'),
    before,
    { timeout: 10_000 },
  );
  return page.url() !== before ? 'moved' : 'errors';
}

/**
 * Fills the current page and moves on, fixing errors via the error summary (next alternative per
 * failing field). Throws with the summary's messages when it cannot get past the page.
 */
export async function fillAndContinue(page, pageDef, overrides = {}) {
  await fillPage(page, pageDef, overrides);
  const attempts = new Map();
  for (let round = 0; round < 6; round++) {
    if ((await next(page)) === 'moved') return;
    const links = await errorSummary(page).locator('a').evaluateAll((as) => as.map((a) => ({
      href: a.getAttribute('href'), text: a.textContent,
    })));
    const fields = await walk(page, pageDef.items, '', []);
    for (const l of links) {
      const x = fields.find((y) => `#${y.id}` === l.href);
      if (!x) continue;
      const n = (attempts.get(x.path) ?? 0) + 1;
      attempts.set(x.path, n);
      await setField(page, x, n, overrides);
    }
    await fillPage(page, pageDef, overrides); // controls that appeared after a change
    if (round === 5) {
      throw new Error(`cannot get past page ${pageDef.id}: ${links.map((l) => `${l.href} ${l.text}`).join('; ')}`);
    }
  }
}
