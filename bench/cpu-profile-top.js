'use strict';
// Reads a V8 .cpuprofile (node --cpu-prof) and prints where the busy time went: the top functions by
// self time, by inclusive time, and self time summed per package. Idle and GC are shown apart.
// Usage: node bench/cpu-profile-top.js <file.cpuprofile> [top=25]
const { readFileSync } = require('node:fs');
const { packageOf } = require('./profile-frames');

const [file, topArgument] = process.argv.slice(2);
if (!file) {
  process.stderr.write('usage: node bench/cpu-profile-top.js <file.cpuprofile> [top]\n');
  process.exit(2);
}
const top = Number(topArgument ?? 25);
const profile = JSON.parse(readFileSync(file, 'utf8'));
const nodes = new Map(profile.nodes.map((node) => [node.id, node]));
const parentOf = new Map();
for (const node of profile.nodes) for (const child of node.children ?? []) parentOf.set(child, node.id);

// Sample counts per node, with each sample weighted by its time delta (microseconds).
const selfTime = new Map();
profile.samples.forEach((id, index) => selfTime.set(id, (selfTime.get(id) ?? 0) + (profile.timeDeltas[index] ?? 0)));
const total = [...selfTime.values()].reduce((sum, value) => sum + value, 0);

const label = (frame) => `${frame.functionName || '(anonymous)'} ${packageOf(frame.url)}:${frame.lineNumber + 1}`;

const special = new Set(['(idle)', '(program)', '(garbage collector)', '(root)']);
const bySelf = new Map();
const byPackage = new Map();
const byInclusive = new Map();
let idle = 0;
for (const [id, time] of selfTime) {
  const frame = nodes.get(id).callFrame;
  if (frame.functionName === '(idle)') {
    idle += time;
    continue;
  }
  const key = special.has(frame.functionName) ? frame.functionName : label(frame);
  bySelf.set(key, (bySelf.get(key) ?? 0) + time);
  const pkg = special.has(frame.functionName) ? frame.functionName : packageOf(frame.url);
  byPackage.set(pkg, (byPackage.get(pkg) ?? 0) + time);
  // Inclusive: every distinct frame on the stack gets this sample once (recursion counted once).
  const seen = new Set();
  for (let cursor = id; cursor !== undefined; cursor = parentOf.get(cursor)) {
    const ancestor = nodes.get(cursor).callFrame;
    if (special.has(ancestor.functionName)) continue;
    const name = label(ancestor);
    if (seen.has(name)) continue;
    seen.add(name);
    byInclusive.set(name, (byInclusive.get(name) ?? 0) + time);
  }
}
const busy = total - idle;
const percent = (time) => `${((100 * time) / busy).toFixed(1).padStart(5)} %`;
const print = (title, map, count) => {
  console.log(`\n${title}`);
  for (const [name, time] of [...map].sort((a, b) => b[1] - a[1]).slice(0, count)) console.log(`${percent(time)}  ${name}`);
};
console.log(`${file}: ${(total / 1e6).toFixed(1)} s sampled, ${(busy / 1e6).toFixed(1)} s busy (${((100 * busy) / total).toFixed(0)} %)`);
console.log('shares below are of the busy time');
print('self time by package', byPackage, top);
print('self time by function', bySelf, top);
print('inclusive time by function', byInclusive, top);
