// Writes `<file>.br` (brotli, quality 11) and `<file>.gz` (gzip, level 9) beside every file of the
// built app in the given folder, so `antrag serve` sends them precompressed, with no work per
// request. Usage: node xtask/precompress.mjs dist
import { readdirSync, readFileSync, writeFileSync, statSync } from 'node:fs';
import { join, extname } from 'node:path';
import { brotliCompressSync, gzipSync, constants } from 'node:zlib';

const dir = process.argv[2];
if (!dir) {
  console.error('usage: node xtask/precompress.mjs DIST');
  process.exit(2);
}
let files = 0;
for (const name of readdirSync(dir)) {
  const path = join(dir, name);
  if (!['.wasm', '.js', '.css', '.html', '.svg', '.json'].includes(extname(name))) continue;
  if (!statSync(path).isFile()) continue;
  const raw = readFileSync(path);
  // Below a TCP packet, compression saves nothing worth a second file.
  if (raw.length < 1024) continue;
  writeFileSync(`${path}.br`, brotliCompressSync(raw, {
    params: {
      [constants.BROTLI_PARAM_QUALITY]: 11,
      [constants.BROTLI_PARAM_SIZE_HINT]: raw.length,
    },
  }));
  writeFileSync(`${path}.gz`, gzipSync(raw, { level: 9 }));
  files += 1;
}
console.log(`${files} file(s) precompressed (.br, .gz)`);
