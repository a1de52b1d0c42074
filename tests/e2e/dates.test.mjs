// "Today" is the day in Germany, in the browser as on the server: a citizen abroad, whose own
// calendar is a day ahead of or behind Germany's, is judged as the server will judge the
// submission.

import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { fileURLToPath } from 'node:url';
import { startServer, newPage, sharedBrowser, open, expectHeading } from './harness.mjs';

const TEST_FORMS = fileURLToPath(new URL('./forms', import.meta.url));
const b = sharedBrowser(before, after);
let server;
before(async () => { server = await startServer({ extraForms: TEST_FORMS }); });
after(async () => { await server?.cleanup(); });

/** `DD.MM.YYYY` of the calendar day in `timeZone`, `days` after the given instant's. */
function dayIn(timeZone, at, days = 0) {
  const [y, m, d] = new Intl.DateTimeFormat('en-CA', { timeZone }).format(at).split('-').map(Number);
  const t = new Date(Date.UTC(y, m - 1, d + days));
  const p = (n) => String(n).padStart(2, '0');
  return `${p(t.getUTCDate())}.${p(t.getUTCMonth() + 1)}.${t.getUTCFullYear()}`;
}

describe('today', () => {
  it('is the day in Germany, whatever zone the browser is in', async () => {
    // At any moment one of these zones has another date than Germany: UTC+14 from 10:00 to
    // 23:00 UTC, UTC−11 for the rest of the day.
    const now = new Date();
    const zone = ['Pacific/Kiritimati', 'Pacific/Pago_Pago']
      .find((z) => dayIn(z, now) !== dayIn('Europe/Berlin', now));
    assert.ok(zone, 'a zone with another date than Germany');
    const page = await newPage(b.browser, { context: { timezoneId: zone } });
    // The page with the date is shown to pet owners.
    await open(page, server, '/antrag/alles/tiere');
    await page.locator('#f-haustier-0').check();
    await page.waitForFunction(() => Object.keys(localStorage).some((k) => k.includes('alles')));
    await open(page, server, '/antrag/alles/kosten');
    await expectHeading(page, 'Kosten');
    // The browser's own calendar is not Germany's.
    const local = await page.evaluate(() => new Intl.DateTimeFormat('en-CA').format(new Date()));
    const german = new Intl.DateTimeFormat('en-CA', { timeZone: 'Europe/Berlin' }).format(new Date());
    assert.notEqual(local, german, `the browser runs in ${zone}`);
    // "Seit wann halten Sie Tiere?" has maxDate "today".
    const seit = page.locator('#f-seit');
    const error = page.locator('#f-seit-error');
    const enter = async (text) => {
      await seit.fill(text);
      await seit.blur();
    };
    await enter(dayIn('Europe/Berlin', new Date(), 1));
    await assert.doesNotReject(error.waitFor({ state: 'visible', timeout: 5_000 }),
      'tomorrow in Germany is refused');
    assert.match(await error.innerText(), /darf nicht nach dem/);
    await enter(dayIn('Europe/Berlin', new Date()));
    await assert.doesNotReject(error.waitFor({ state: 'hidden', timeout: 5_000 }),
      'today in Germany is taken');
    await page.context().close();
  });
});
