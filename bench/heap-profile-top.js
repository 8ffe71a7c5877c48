'use strict';
// Reads a V8 sampling heap profile (bench/cpu-profiler.preload.js with HEAP_PROFILE=1) and prints the
// allocation sites that allocated the most, as bytes per request when the request count is given.
// usage: node bench/heap-profile-top.js <file.heapprofile> [requests] [top=30]
const { readFileSync } = require('node:fs');
const [file, requestsArgument, topArgument] = process.argv.slice(2);
const requests = Number(requestsArgument ?? 1);
const top = Number(topArgument ?? 30);
const profile = JSON.parse(readFileSync(file, 'utf8'));
const sizes = new Map(profile.samples.map((sample) => [sample.nodeId, 0]));
for (const sample of profile.samples) sizes.set(sample.nodeId, (sizes.get(sample.nodeId) ?? 0) + sample.size);
const bySite = new Map();
let total = 0;
(function walk(node, stack) {
  const frame = node.callFrame;
  const here = `${frame.functionName || '(anonymous)'} ${frame.url.replace(/^.*node_modules\//, '').replace(/^.*\/(libs|apps)\//, '$1/')}:${frame.lineNumber + 1}`;
  const size = sizes.get(node.id) ?? 0;
  if (size > 0) {
    const caller = stack[stack.length - 1] ?? '';
    const key = `${here}  <-  ${caller}`;
    bySite.set(key, (bySite.get(key) ?? 0) + size);
    total += size;
  }
  for (const child of node.children ?? []) walk(child, [...stack, here]);
})(profile.head, []);
console.log(`${(total / requests).toFixed(0)} bytes per request sampled in all`);
for (const [site, size] of [...bySite].sort((a, b) => b[1] - a[1]).slice(0, top))
  console.log(`${(size / requests).toFixed(0).padStart(7)}  ${site}`);
