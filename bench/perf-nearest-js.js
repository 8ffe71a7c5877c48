'use strict';
// Reads `perf script -F ip,sym` (call graphs recorded with -g, JIT names from --perf-basic-prof) on stdin and charges
// every sample to the nearest JavaScript frame on its stack: the V8 builtins, runtime calls and Node.js C++ a function
// spends its time in count as that function's. perf's flat report lists those builtins on their own (LoadIC,
// StringAdd, JsonParse...), which says what kind of work is done but not whose; this says whose.
//   perf script -i cached.perf.data -F ip,sym | node bench/perf-nearest-js.js [top N, default 25]
// Prints the top frames, then the share of each part (package, Node.js module or lib of this project).
const { packageOf } = require('./profile-frames');

const top = Number(process.argv[2] ?? 25);
const byFrame = new Map();
let samples = 0;
let stack = [];

function charge() {
  if (stack.length === 0) return;
  samples += 1;
  const frame = stack.find((name) => name.startsWith('JS:')) ?? `[native] ${stack[stack.length - 1]}`;
  byFrame.set(frame, (byFrame.get(frame) ?? 0) + 1);
  stack = [];
}

let pending = '';
process.stdin.setEncoding('utf8');
process.stdin.on('data', (chunk) => {
  const lines = (pending + chunk).split('\n');
  pending = lines.pop();
  for (const line of lines) {
    const trimmed = line.trim();
    if (trimmed === '') charge();
    else {
      const match = /^[0-9a-f]+ (.*)$/.exec(trimmed);
      if (match) stack.push(match[1]);
    }
  }
});
process.stdin.on('end', () => {
  charge();
  const share = (count) => `${((100 * count) / samples).toFixed(2).padStart(6)} %`;
  const cwd = `${process.cwd()}/`;
  const frames = [...byFrame].sort((a, b) => b[1] - a[1]);
  console.log(`${samples} samples; by nearest JavaScript frame:`);
  for (const [frame, count] of frames.slice(0, top)) console.log(`${share(count)}  ${frame.replaceAll(cwd, '')}`);
  const byPart = new Map();
  for (const [frame, count] of frames) {
    // "JS:*'name /path/file.js:1:2" (or "JS:*'name node:http:1:2"): the part is the file's package or module.
    const location = frame.startsWith('JS:') ? (/\s(\S+):\d+:\d+$/.exec(frame)?.[1] ?? '') : '';
    const part = frame.startsWith('JS:') ? packageOf(location.replace(/^file:\/\//, '')) : '(native, no JavaScript frame)';
    byPart.set(part, (byPart.get(part) ?? 0) + count);
  }
  console.log('by part:');
  for (const [part, count] of [...byPart].sort((a, b) => b[1] - a[1]).slice(0, top)) console.log(`${share(count)}  ${part}`);
});
