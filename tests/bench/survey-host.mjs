// A tiny static server for the SurveyJS comparison page: SurveyJS's own browser bundles from
// node_modules, a page that fetches `/survey/<id>.json` and renders it, nothing else. Files are
// sent uncompressed with `no-cache`, like `antrag serve` does on localhost.

import { createServer } from 'node:http';
import { readFileSync, existsSync } from 'node:fs';
import { join, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';

const here = dirname(fileURLToPath(import.meta.url));
export const root = join(here, '..', '..');
const nm = join(root, 'node_modules');

/** What a SurveyJS page downloads (the browser bundles; survey-js-ui bundles Preact). */
export const SURVEY_ASSETS = {
  '/survey.core.min.js': join(nm, 'survey-core', 'survey.core.min.js'),
  '/survey-js-ui.min.js': join(nm, 'survey-js-ui', 'survey-js-ui.min.js'),
  '/survey-core.fontless.min.css': join(nm, 'survey-core', 'survey-core.fontless.min.css'),
};

export function surveyVersion() {
  const pkg = JSON.parse(readFileSync(join(nm, 'survey-js-ui', 'package.json'), 'utf8'));
  return pkg.version;
}

const PAGE = `<!DOCTYPE html>
<html lang="de">
<head>
  <meta charset="utf-8">
  <meta name="viewport" content="width=device-width, initial-scale=1">
  <title>SurveyJS</title>
  <link rel="icon" href="data:,">
  <link rel="stylesheet" href="/survey-core.fontless.min.css">
  <script src="/survey.core.min.js"></script>
  <script src="/survey-js-ui.min.js"></script>
</head>
<body>
  <main><div id="survey"></div></main>
  <script src="/boot.js"></script>
</body>
</html>
`;

// The page's whole program: fetch the definition named in the URL (/s/<id>) and render it.
// Animations are off: with them, a hidden question stays on screen for its fade-out (~0.4 s),
// which would measure the animation, not the library.
const BOOT = `
Survey.settings.animationEnabled = false;
const id = location.pathname.split('/').filter(Boolean).pop();
fetch('/survey/' + id + '.json').then((r) => r.json()).then((json) => {
  const model = new Survey.Model(json);
  window.surveyModel = model;
  SurveyUI.renderSurvey(model, document.getElementById('survey'));
});
`;

/** Starts the server on a free loopback port; `surveyDir` holds the generated `<id>.json`. */
export function startSurveyHost(surveyDir) {
  for (const [, f] of Object.entries(SURVEY_ASSETS)) {
    if (!existsSync(f)) throw new Error(`${f} is missing: run npm ci (survey-core, survey-js-ui)`);
  }
  const types = { js: 'text/javascript', css: 'text/css', json: 'application/json', html: 'text/html' };
  const srv = createServer((req, res) => {
    const path = new URL(req.url, 'http://x').pathname;
    let body = null;
    let ext = 'html';
    if (path.startsWith('/s/')) {
      body = PAGE;
    } else if (path === '/boot.js') {
      body = BOOT;
      ext = 'js';
    } else if (SURVEY_ASSETS[path]) {
      body = readFileSync(SURVEY_ASSETS[path]);
      ext = path.split('.').pop();
    } else if (/^\/survey\/[a-z0-9-]+\.json$/.test(path)) {
      const f = join(surveyDir, path.slice('/survey/'.length));
      if (existsSync(f)) {
        body = readFileSync(f);
        ext = 'json';
      }
    }
    if (body === null) {
      res.writeHead(404).end();
      return;
    }
    res.writeHead(200, { 'content-type': `${types[ext]}; charset=utf-8`, 'cache-control': 'no-cache' });
    res.end(body);
  });
  return new Promise((resolve, reject) => {
    srv.on('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const { port } = srv.address();
      resolve({ url: `http://127.0.0.1:${port}`, close: () => new Promise((r) => srv.close(r)) });
    });
  });
}
