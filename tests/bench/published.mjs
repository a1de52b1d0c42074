// `cargo xtask bench`, the published forms of `forms/` as a citizen meets them: a cold visit
// (empty cache) straight to the first page of each form, over a slow mobile connection and on a
// slow phone (Chrome DevTools' emulation: added round-trip time, limited bandwidth, CPU slowed
// down). Unlike the generated forms, these have code lists, several pages and real texts, so
// this is where the download of the app, the preloads and the start-up show.

import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { newPage } from '../e2e/harness.mjs';
import { median } from './browser.mjs';

/** The emulated citizen: a slow 4G line and a phone about four times slower than this machine. */
export const SLOW = {
  latencyMs: 100,
  downKbit: 10_000,
  upKbit: 5_000,
  cpuSlowdown: 4,
  label: '100 ms round trip, 10 Mbit/s down, CPU slowed down 4×',
};

/** `[{ id, title, url }]` for every form that `index.json` lists, at its first page. */
export function publishedForms(formsDir, baseUrl) {
  const index = JSON.parse(readFileSync(join(formsDir, 'index.json'), 'utf8'));
  return index.forms.map((e) => {
    const def = JSON.parse(readFileSync(join(formsDir, e.file), 'utf8'));
    return { id: e.id, url: `${baseUrl}/antrag/${e.id}/${def.pages[0].id}` };
  });
}

// In the page, before any script of it: when the first control of the form is in the DOM.
function watchFirstField() {
  const t = {};
  window.__published = t;
  const mo = new MutationObserver(() => {
    if (!t.field && document.querySelector('main input, main select, main textarea')) {
      t.field = performance.now();
      mo.disconnect();
    }
  });
  mo.observe(document, { childList: true, subtree: true });
}

/** One cold visit of `url` under `SLOW`: first paint, app started, first field (ms). */
export async function visitOnce(browser, url) {
  const page = await newPage(browser);
  try {
    const cdp = await page.context().newCDPSession(page);
    await cdp.send('Network.enable');
    await cdp.send('Network.emulateNetworkConditions', {
      offline: false,
      latency: SLOW.latencyMs,
      downloadThroughput: (SLOW.downKbit * 1000) / 8,
      uploadThroughput: (SLOW.upKbit * 1000) / 8,
    });
    await cdp.send('Emulation.setCPUThrottlingRate', { rate: SLOW.cpuSlowdown });
    await page.addInitScript(watchFirstField);
    await page.addInitScript(() => {
      addEventListener('TrunkApplicationStarted', () => { window.__published.started = performance.now(); });
    });
    await page.goto(url);
    await page.waitForFunction(() => window.__published.field, null, { timeout: 60_000, polling: 50 });
    const r = await page.evaluate(() => {
      const fcp = performance.getEntriesByType('paint').find((e) => e.name === 'first-contentful-paint');
      const bytes = performance.getEntriesByType('resource').reduce((n, e) => n + (e.transferSize || 0), 0);
      return { ...window.__published, paint: fcp ? fcp.startTime : null, bytes };
    });
    await cdp.detach();
    return { paint: r.paint, started: r.started ?? null, field: r.field, bytes: r.bytes };
  } finally {
    await page.context().close();
  }
}

export function aggregateVisits(all) {
  return {
    paint: median(all.map((v) => v.paint)),
    started: median(all.map((v) => v.started)),
    field: median(all.map((v) => v.field)),
    bytes: median(all.map((v) => v.bytes)),
  };
}

/** The table for docs/performance.md. */
export function publishedMd(results, runs) {
  const f = (x) => (x == null ? '–' : x.toFixed(0));
  return [
    `Each published form opened cold at its first page, ${SLOW.label} (Chrome DevTools' emulation); `
      + `median of ${runs} runs. *Transferred* is what the browser downloaded for the page (app, form, `
      + 'code lists, configuration), compressed as sent.',
    '',
    '| form | first paint ms | app started ms | first field ms | transferred KiB |',
    '| --- | ---: | ---: | ---: | ---: |',
    ...results.map(({ id, r }) => `| \`${id}\` | ${f(r.paint)} | ${f(r.started)} | ${f(r.field)} | ${(r.bytes / 1024).toFixed(1)} |`),
  ].join('\n');
}
