'use strict';
// Compares two V8 .cpuprofile files as CPU microseconds per request, package by package.
// usage: node bench/cpu-profile-compare.js <a.cpuprofile> <requestsA> <b.cpuprofile> <requestsB> [top=30]
const { readFileSync } = require('node:fs');
const { packageOf } = require('./profile-frames');
const [fileA, requestsA, fileB, requestsB, topArgument] = process.argv.slice(2);
const top = Number(topArgument ?? 30);

function perRequest(file, requests) {
  const profile = JSON.parse(readFileSync(file, 'utf8'));
  const nodes = new Map(profile.nodes.map((node) => [node.id, node]));
  const byKey = new Map();
  profile.samples.forEach((id, index) => {
    const frame = nodes.get(id).callFrame;
    if (frame.functionName === '(idle)') return;
    const key = frame.url
      ? packageOf(frame.url)
      : frame.functionName.startsWith('(')
        ? frame.functionName
        : `${frame.functionName} (native)`;
    byKey.set(key, (byKey.get(key) ?? 0) + (profile.timeDeltas[index] ?? 0));
  });
  for (const [key, time] of byKey) byKey.set(key, time / Number(requests));
  return byKey;
}
const a = perRequest(fileA, requestsA);
const b = perRequest(fileB, requestsB);
const keys = [...new Set([...a.keys(), ...b.keys()])].sort(
  (x, y) => (a.get(y) ?? 0) - (b.get(y) ?? 0) - ((a.get(x) ?? 0) - (b.get(x) ?? 0)),
);
const sum = (map) => [...map.values()].reduce((total, value) => total + value, 0);
console.log(`${'us per request'.padEnd(40)} ${'A'.padStart(7)} ${'B'.padStart(7)} ${'A-B'.padStart(7)}`);
console.log(
  `${'busy, in all'.padEnd(40)} ${sum(a).toFixed(1).padStart(7)} ${sum(b).toFixed(1).padStart(7)} ${(sum(a) - sum(b)).toFixed(1).padStart(7)}`,
);
for (const key of keys.slice(0, top)) {
  const [x, y] = [a.get(key) ?? 0, b.get(key) ?? 0];
  console.log(`${key.slice(0, 40).padEnd(40)} ${x.toFixed(2).padStart(7)} ${y.toFixed(2).padStart(7)} ${(x - y).toFixed(2).padStart(7)}`);
}
