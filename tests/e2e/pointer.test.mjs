// Clicks and taps that leave a field: the message the field gets when it is left appears above
// what was clicked and moves it down. The click must still reach the control it was aimed at.

import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startServer, newPage, sharedBrowser, open, expectHeading } from './harness.mjs';

const b = sharedBrowser(before, after);
let server;
before(async () => { server = await startServer(); });
after(async () => { await server?.cleanup(); });

const FORM = 'kontakt';

/** Leaves `from` (typed `value`, which is too short or invalid) by a click or tap on the label
 *  of `target`; returns whether `target` is checked and whether `from` shows its message. */
async function leaveByClick(page, how, { from, value, target }) {
  await page.locator(from).fill(value);
  await page.locator(from).focus();
  const label = page.locator(`label[for="${target.slice(1)}"]`);
  await label.scrollIntoViewIfNeeded();
  const box = await label.boundingBox();
  const x = box.x + 20;
  const y = box.y + box.height / 2;
  if (how === 'tap') {
    await page.touchscreen.tap(x, y);
  } else {
    // A real press: down, a moment (the field's message appears), up.
    await page.mouse.move(x, y);
    await page.mouse.down();
    await page.waitForTimeout(50);
    await page.mouse.up();
  }
  const error = page.locator(`${from}-error`);
  await error.waitFor({ state: 'visible' });
  return page.locator(target).isChecked();
}

describe('a click that leaves a field', () => {
  for (const how of ['click', 'tap']) {
    it(`${how}: reaches the checkbox or radio below the field's new message`, async () => {
      const page = await newPage(b.browser, {
        viewport: { width: 360, height: 740 },
        context: { hasTouch: how === 'tap', isMobile: how === 'tap' },
      });
      await open(page, server, `/antrag/${FORM}/nachricht`);
      await expectHeading(page, 'Ihre Nachricht');
      assert.equal(
        await leaveByClick(page, how, { from: '#f-nachricht', value: 'kurz', target: '#f-datenschutz' }),
        true,
        'the consent box is ticked',
      );
      assert.equal(
        await leaveByClick(page, how, { from: '#f-telefon', value: 'abc', target: '#f-betreff-0' }),
        true,
        'the first subject is chosen',
      );
      await page.context().close();
    });
  }
});
