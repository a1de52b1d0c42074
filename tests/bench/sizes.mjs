// Transfer sizes: raw, gzip (level 9) and brotli (quality 11), with node's zlib.

import { readFileSync, readdirSync, statSync } from 'node:fs';
import { join, basename } from 'node:path';
import { gzipSync, brotliCompressSync, constants } from 'node:zlib';

export function compressedSizes(file) {
  const buf = readFileSync(file);
  return {
    raw: buf.length,
    gzip: gzipSync(buf, { level: 9 }).length,
    brotli: brotliCompressSync(buf, {
      params: {
        [constants.BROTLI_PARAM_QUALITY]: 11,
        [constants.BROTLI_PARAM_SIZE_HINT]: buf.length,
      },
    }).length,
  };
}

/** Trunk's content hashes make names change with every build; the table shows them without. */
export function stableName(name) {
  return name.replace(/-[0-9a-f]{16}(?=[._])/, '');
}

/**
 * Every file the browser can load from the built app (dist/ without forms/, dot files and the
 * precompressed `.br`/`.gz` copies, which are other encodings of the same files).
 */
export function appFiles(dist) {
  return readdirSync(dist)
    .filter((f) => !f.startsWith('.') && !/\.(br|gz)$/.test(f))
    .map((f) => join(dist, f))
    .filter((p) => statSync(p).isFile());
}

/** Sizes per file (largest first) and the total. */
export function sizeTable(files) {
  const rows = files.map((f) => ({ name: stableName(basename(f)), ...compressedSizes(f) }));
  rows.sort((a, b) => b.raw - a.raw);
  const total = rows.reduce(
    (t, r) => ({ raw: t.raw + r.raw, gzip: t.gzip + r.gzip, brotli: t.brotli + r.brotli }),
    { raw: 0, gzip: 0, brotli: 0 },
  );
  return { rows, total };
}
