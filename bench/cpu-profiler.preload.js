'use strict';
// Preloaded into a server under test (node --require bench/cpu-profiler.preload.js ...): the first
// SIGUSR2 starts the V8 sampling profiler, the second writes CPU_PROFILE_FILE and stops it, so the
// profile holds the load only, not start-up or warm-up.
const { Session } = require('node:inspector');
const { writeFileSync } = require('node:fs');

const file = process.env.CPU_PROFILE_FILE ?? `cpu-${process.pid}.cpuprofile`;
const session = new Session();
let running = false;
session.connect();
process.on('SIGUSR2', () => {
  if (!running) {
    running = true;
    session.post('Profiler.enable', () => session.post('Profiler.start'));
    return;
  }
  running = false;
  session.post('Profiler.stop', (error, result) => {
    if (error) process.stderr.write(`cpu profile failed: ${error.message}\n`);
    else writeFileSync(file, JSON.stringify(result.profile));
  });
});
