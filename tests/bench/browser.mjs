// Browser measurements in headless Chromium (playwright-core), the same for antrag and SurveyJS.
//
// One run = a fresh browser context (empty cache), navigation to the form, then:
// - firstPaint: ms from navigation start until the browser first painted content (Paint Timing's
//               first-contentful-paint): antrag's loading screen, SurveyJS's first render;
// - firstField: ms from navigation start until the first field's input is in the DOM;
// - allFields:  ms from navigation start until the LAST field's input is in the DOM and the page
//               has been laid out (a forced layout is included, so style/layout cost counts);
// - render:     allFields minus the moment both the form definition (JSON) had arrived and the
//               app had started (antrag preloads the JSON while its wasm loads, so the JSON can be
//               there first; Trunk's TrunkApplicationStarted marks the start): parsing, compiling
//               and rendering the form, without download and wasm/JS start-up;
// - main-thread time until then (CDP Performance.getMetrics): busy in tasks (TaskDuration; its
//               ScriptDuration misses much of SurveyJS's work, so it is not used), of which style
//               recalculation + layout;
// - memory:     JS heap after a forced garbage collection (CDP Runtime.getHeapUsage) and the wasm
//               linear memory (`memory.buffer.byteLength`, from Trunk's TrunkApplicationStarted);
// - keystrokes: alternately Backspace and "f" in the field `kurz` (maxLength 5) whose dependent
//               `kurz_lang` is visible only while it is longer than 5 characters. Each keystroke
//               flips both its validation state (aria-invalid) and the dependent's visibility. The
//               time runs from the `input` event, which both libraries react to (a capture-phase
//               listener on window, so it runs before theirs; SurveyJS's text input binds Preact's
//               onChange, i.e. `input`, and takes the value with textUpdateMode "onTyping"), until
//               a MutationObserver sees both changes in the DOM ("dom"), and until after a forced
//               style + layout ("layout"). Input events are dispatched by Chromium itself (CDP key
//               events), not synthesised in the page.

import { newPage } from '../e2e/harness.mjs';

/** What differs between the two apps: URLs, selectors, and how to make validation live. */
export function appSpec(app, base, m) {
  if (app === 'antrag') {
    // Input ids are `f-` + the instance path (src/paths.rs dom_id).
    return {
      url: `${base}/antrag/${m.id}/${m.page}`,
      def: `/forms/${m.id}.json`,
      sel: {
        start: 'input',
        first: `#f-${m.firstId}`,
        last: `#f-${m.lastId}`,
        ctrl: `#f-${m.ctrlId}`,
        dep: `#f-${m.depId}`,
      },
      // antrag validates a field on blur and then live while it is in error; after a failed
      // "Weiter" every field of the page is live. That is the state measured here.
      async arm(page, spec) {
        await page.locator(spec.sel.ctrl).fill('abcdef');
        await page.getByRole('button', { name: 'Weiter', exact: true }).click();
        await page.waitForSelector(`${spec.sel.ctrl}[aria-invalid="true"]`, { timeout: 10_000 });
      },
    };
  }
  // SurveyJS: each question's element carries data-name; validation runs on every value change.
  const q = (name) => `[data-name="${name}"] input`;
  return {
    url: `${base}/s/${m.id}`,
    def: `/survey/${m.id}.json`,
    sel: { start: 'input', first: q(m.firstId), last: q(m.lastId), ctrl: q(m.ctrlId), dep: `[data-name="${m.depId}"]` },
    async arm(page, spec) {
      await page.locator(spec.sel.ctrl).fill('abcdef');
      await page.waitForSelector(`${spec.sel.ctrl}[aria-invalid="true"]`, { timeout: 10_000 });
    },
  };
}

/** Runs in the page before any of its scripts (page.addInitScript). */
function inPage(sel) {
  const b = { t: {}, ks: { armed: false, pending: null, samples: [], waiters: [] } };
  window.__bench = b;
  addEventListener('TrunkApplicationStarted', (e) => {
    b.wasm = e.detail && e.detail.wasm;
    b.t.wasmStarted = performance.now();
  });
  const settle = () => {
    const p = b.ks.pending;
    if (!p) return;
    const ctrl = document.querySelector(sel.ctrl);
    const invalid = !!ctrl && ctrl.getAttribute('aria-invalid') === 'true';
    if (invalid !== p.expect) return;
    // Both libraries take a hidden question out of the DOM (SurveyJS with animations off), so
    // presence is visibility; no style is computed before "dom" is taken.
    const dep = document.querySelector(sel.dep);
    if (!!dep !== p.expect) return;
    const dom = performance.now() - p.t0;
    void document.documentElement.offsetHeight; // forced style + layout
    const layout = performance.now() - p.t0;
    b.ks.samples.push({ dom, layout });
    b.ks.pending = null;
    for (const w of b.ks.waiters.splice(0)) w();
  };
  const mo = new MutationObserver(() => {
    if (!b.t.first && document.querySelector(sel.first)) b.t.first = performance.now();
    if (b.t.first && !b.t.last && document.querySelector(sel.last)) {
      void document.documentElement.offsetHeight;
      b.t.last = performance.now();
    }
    settle();
  });
  mo.observe(document, { childList: true, subtree: true, attributes: true, characterData: true });
  addEventListener(sel.start, () => {
    if (!b.ks.armed) return;
    const t0 = performance.now();
    // 6 characters: invalid and the dependent shown; 5: valid and hidden.
    const ctrl = document.querySelector(sel.ctrl);
    b.ks.pending = { t0, expect: !!ctrl && ctrl.value.length > 5 };
  }, true);
  b.ks.wait = (timeout) => new Promise((resolve) => {
    if (!b.ks.pending) return resolve(true);
    const timer = setTimeout(() => {
      b.ks.pending = null;
      b.ks.samples.push(null);
      resolve(false);
    }, timeout);
    b.ks.waiters.push(() => { clearTimeout(timer); resolve(true); });
  });
}

const median = (xs) => {
  const s = xs.filter((x) => x != null).sort((a, b) => a - b);
  if (!s.length) return null;
  const mid = s.length >> 1;
  return s.length % 2 ? s[mid] : (s[mid - 1] + s[mid]) / 2;
};

/** The q-quantile (0..1) with linear interpolation. */
export function quantile(xs, q) {
  const s = xs.filter((x) => x != null).sort((a, b) => a - b);
  if (!s.length) return null;
  const pos = (s.length - 1) * q;
  const lo = Math.floor(pos);
  const hi = Math.ceil(pos);
  return s[lo] + (s[hi] - s[lo]) * (pos - lo);
}

export { median };

/** One run of one app on one form. */
export async function measureOnce(browser, spec, keystrokes) {
  const page = await newPage(browser);
  try {
    await page.addInitScript(inPage, spec.sel);
    // Main-thread time by kind (cumulative since navigation), read once the whole form is there.
    const perf = await page.context().newCDPSession(page);
    await perf.send('Performance.enable');
    await page.goto(spec.url);
    await page.waitForFunction(() => window.__bench.t.last, null, { timeout: 120_000, polling: 50 });
    const { metrics } = await perf.send('Performance.getMetrics');
    const metric = (name) => (metrics.find((x) => x.name === name)?.value ?? 0) * 1000;
    await perf.detach();
    // A page that shows nothing before its form may not have painted yet when the form is there.
    await page.waitForFunction(
      () => performance.getEntriesByType('paint').some((e) => e.name === 'first-contentful-paint'),
      null, { timeout: 10_000 },
    ).catch(() => {});
    const t = await page.evaluate((def) => {
      const b = window.__bench;
      const entry = performance.getEntriesByType('resource').find((e) => new URL(e.name).pathname === def);
      const fcp = performance.getEntriesByType('paint').find((e) => e.name === 'first-contentful-paint');
      return { ...b.t, defEnd: entry ? entry.responseEnd : null, paint: fcp ? fcp.startTime : null };
    }, spec.def);

    // Memory once the page is idle: a GC first, so garbage of the start-up does not count.
    await page.waitForTimeout(200);
    const cdp = await page.context().newCDPSession(page);
    await cdp.send('HeapProfiler.enable');
    await cdp.send('HeapProfiler.collectGarbage');
    const heap = await cdp.send('Runtime.getHeapUsage');
    const wasmBytes = await page.evaluate(() => {
      const w = window.__bench.wasm;
      return w && w.memory ? w.memory.buffer.byteLength : 0;
    });
    await cdp.detach();

    // Keystrokes.
    await spec.arm(page, spec);
    const ctrl = page.locator(spec.sel.ctrl);
    await ctrl.focus();
    await ctrl.press('End');
    await page.evaluate(() => { window.__bench.ks.armed = true; });
    let timeouts = 0;
    for (let i = 0; i < keystrokes; i++) {
      await page.keyboard.press(i % 2 === 0 ? 'Backspace' : 'f');
      const ok = await page.evaluate(() => window.__bench.ks.wait(3000));
      if (!ok) timeouts++;
    }
    const samples = await page.evaluate(() => window.__bench.ks.samples);
    const errors = (page.jsErrors || []).filter((e) => !/Failed to load resource/.test(e));
    return {
      firstPaint: t.paint,
      firstField: t.first,
      allFields: t.last,
      render: t.defEnd != null ? t.last - Math.max(t.defEnd, t.wasmStarted ?? 0) : null,
      defArrived: t.defEnd,
      wasmStarted: t.wasmStarted ?? null,
      busyMs: metric('TaskDuration'),
      styleLayoutMs: metric('RecalcStyleDuration') + metric('LayoutDuration'),
      jsHeap: heap.usedSize,
      wasmMemory: wasmBytes,
      keys: samples.filter(Boolean),
      timeouts,
      errors,
    };
  } finally {
    await page.context().close();
  }
}

/** Medians of the timings and memory over runs; keystroke samples pooled over all runs. */
export function aggregate(all) {
  const keys = all.flatMap((o) => o.keys);
  return {
    runs: all.length,
    firstPaint: median(all.map((o) => o.firstPaint)),
    firstField: median(all.map((o) => o.firstField)),
    allFields: median(all.map((o) => o.allFields)),
    render: median(all.map((o) => o.render)),
    busyMs: median(all.map((o) => o.busyMs)),
    styleLayoutMs: median(all.map((o) => o.styleLayoutMs)),
    jsHeap: median(all.map((o) => o.jsHeap)),
    wasmMemory: median(all.map((o) => o.wasmMemory)),
    keyCount: keys.length,
    keyTimeouts: all.reduce((n, o) => n + o.timeouts, 0),
    keyP50: quantile(keys.map((k) => k.dom), 0.5),
    keyP95: quantile(keys.map((k) => k.dom), 0.95),
    keyLayoutP50: quantile(keys.map((k) => k.layout), 0.5),
    keyLayoutP95: quantile(keys.map((k) => k.layout), 0.95),
    errors: [...new Set(all.flatMap((o) => o.errors))],
  };
}

/** One line about a run, for the progress log. */
export function describeRun(one) {
  const f = (x, d = 0) => (x == null ? '?' : x.toFixed(d));
  return `paint ${f(one.firstPaint)} ms, first ${f(one.firstField)} ms, whole ${f(one.allFields)} ms, render ${f(one.render)} ms, `
    + `keys p50 ${f(quantile(one.keys.map((k) => k.dom), 0.5), 2)} ms`
    + (one.timeouts ? `, ${one.timeouts} keystroke(s) without feedback` : '');
}
