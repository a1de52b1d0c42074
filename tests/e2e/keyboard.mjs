// A keyboard-only driver: Tab moves forward until the focused control is the one an action names
// (by its visible label, or for radios by the legend of their group), then the action uses only
// keys: typing, Space, Enter, arrow keys. Reading the DOM to know where the focus is stands in for
// the citizen's eyes; the mouse is never used.

/** What has the focus: tag, type, label (label element, legend for radios), text. */
export function focused(page) {
  return page.evaluate(() => {
    const el = document.activeElement;
    if (!el || el === document.body) return { tag: 'body' };
    const clean = (s) => (s || '').replace(/\s+/g, ' ').trim();
    const labelOf = (e) => clean(e.labels && e.labels[0] ? e.labels[0].textContent : e.getAttribute('aria-label'));
    const fs = el.closest('fieldset');
    const legend = fs ? clean(fs.querySelector('legend')?.textContent) : '';
    return {
      tag: el.tagName.toLowerCase(),
      type: el.getAttribute('type') || '',
      id: el.id,
      label: labelOf(el),
      legend,
      text: clean(el.textContent),
      checked: !!el.checked,
      options: el.tagName === 'SELECT' ? [...el.options].map((o) => clean(o.textContent)) : null,
      selectedIndex: el.tagName === 'SELECT' ? el.selectedIndex : null,
    };
  });
}

const matches = (want, got) => (want instanceof RegExp ? want.test(got) : got === want);
const stripOptional = (s) => s.replace(/ \(optional\)$/, '');

function describe(f) {
  return `${f.tag}${f.type ? `[${f.type}]` : ''} label="${f.label || ''}" legend="${f.legend || ''}" text="${(f.text || '').slice(0, 50)}"`;
}

/**
 * Presses Tab until `pred(focused)` holds (checks the current focus first). Throws, listing the
 * stops passed, when it reaches `stopAt` or after `max` presses.
 */
export async function tabUntil(page, pred, what, { max = 150, stopAt } = {}) {
  const seen = [];
  for (let i = 0; i <= max; i++) {
    const f = await focused(page);
    if (pred(f)) return f;
    if (i > 0 && stopAt && stopAt(f)) break;
    seen.push(describe(f));
    await page.keyboard.press('Tab');
  }
  throw new Error(`Tab did not reach ${what}; passed:\n  ${seen.slice(-25).join('\n  ')}`);
}

const isNextButton = (f) => f.tag === 'button' && f.text === 'Weiter';

/**
 * Runs `actions` on the current page, each one of:
 *   ['type', label, text]          text input, textarea
 *   ['select', label, optionLabel] closed select, arrow keys
 *   ['radio', legend, optionLabel] radios and yes/no, Space or arrow keys
 *   ['check', label]               checkbox, Space
 *   ['file', label, file, page]    file input: Space opens the chooser
 *   ['button', text]               button or link, Enter
 * Tabbing never passes the "Weiter" button unless the action targets it.
 */
export async function run(page, actions) {
  for (const a of actions) {
    const [kind, name] = a;
    const stopAt = isNextButton;
    if (kind === 'type') {
      await tabUntil(page, (f) => ['input', 'textarea'].includes(f.tag) && matches(name, stripOptional(f.label)), `field "${name}"`, { stopAt });
      await page.keyboard.press('ControlOrMeta+a');
      await page.keyboard.type(a[2]);
    } else if (kind === 'select') {
      const f = await tabUntil(page, (x) => x.tag === 'select' && matches(name, stripOptional(x.label)), `select "${name}"`, { stopAt });
      const target = f.options.findIndex((o) => matches(a[2], o));
      if (target < 0) throw new Error(`select "${name}" has no option ${a[2]}`);
      const delta = target - f.selectedIndex;
      for (let i = 0; i < Math.abs(delta); i++) await page.keyboard.press(delta > 0 ? 'ArrowDown' : 'ArrowUp');
      const after = await focused(page);
      if (after.selectedIndex !== target) throw new Error(`select "${name}": arrow keys selected ${after.selectedIndex}, wanted ${target}`);
    } else if (kind === 'radio') {
      await tabUntil(page, (x) => x.type === 'radio' && matches(name, stripOptional(x.legend)), `radio group "${name}"`, { stopAt });
      for (let i = 0; i < 20; i++) {
        const f = await focused(page);
        if (f.type !== 'radio' || !matches(name, stripOptional(f.legend))) throw new Error(`left radio group "${name}" without finding ${a[2]}`);
        if (matches(a[2], f.label)) {
          if (!f.checked) await page.keyboard.press('Space');
          break;
        }
        await page.keyboard.press('ArrowDown');
      }
      const f = await focused(page);
      if (!f.checked || !matches(a[2], f.label)) throw new Error(`radio "${a[2]}" in "${name}" is not checked`);
    } else if (kind === 'check') {
      const f = await tabUntil(page, (x) => x.type === 'checkbox' && matches(name, x.label), `checkbox "${name}"`, { stopAt });
      if (!f.checked) await page.keyboard.press('Space');
      if (!(await focused(page)).checked) throw new Error(`checkbox "${name}" not checked by Space`);
    } else if (kind === 'file') {
      await tabUntil(page, (x) => x.type === 'file' && matches(name, stripOptional(x.label)), `file input "${name}"`, { stopAt });
      // Space on the focused file input opens the chooser. Now and then headless Chromium
      // does not open it for a second input in the same page (focus and markup are
      // unchanged); a second Space then does. Not a property of the app.
      let chooser;
      for (let attempt = 1; !chooser; attempt++) {
        try {
          [chooser] = await Promise.all([
            page.waitForEvent('filechooser', { timeout: attempt === 1 ? 4000 : 10000 }),
            page.keyboard.press('Space'),
          ]);
        } catch (e) {
          if (attempt >= 2) throw e;
        }
      }
      await chooser.setFiles(a[2]);
      await page.getByText(a[2].name, { exact: true }).first().waitFor();
    } else if (kind === 'button') {
      await tabUntil(page, (x) => (x.tag === 'button' || x.tag === 'a') && matches(name, x.text), `button "${name}"`,
        { stopAt: name === 'Weiter' ? undefined : stopAt });
      await page.keyboard.press('Enter');
    } else {
      throw new Error(`unknown action ${kind}`);
    }
  }
}
