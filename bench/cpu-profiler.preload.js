'use strict';
// Preloaded into a server under test (node --require bench/cpu-profiler.preload.js ...): the first
// SIGUSR2 starts the V8 sampling profiler, the second writes CPU_PROFILE_FILE and stops it, so the
// profile holds the load only, not start-up or warm-up. With HEAP_PROFILE=1 it samples allocations
// instead (a .heapprofile, readable with bench/heap-profile-top.js).
const { Session } = require('node:inspector');
const { writeFileSync } = require('node:fs');

const heap = process.env.HEAP_PROFILE === '1';
const file = process.env.CPU_PROFILE_FILE ?? `cpu-${process.pid}.cpuprofile`;
const session = new Session();
let running = false;
session.connect();
process.on('SIGUSR2', () => {
  if (!running) {
    running = true;
    if (heap)
      session.post('HeapProfiler.enable', () =>
        session.post('HeapProfiler.startSampling', {
          samplingInterval: 1024,
          includeObjectsCollectedByMajorGC: true,
          includeObjectsCollectedByMinorGC: true,
        }),
      );
    else session.post('Profiler.enable', () => session.post('Profiler.start'));
    return;
  }
  running = false;
  session.post(heap ? 'HeapProfiler.stopSampling' : 'Profiler.stop', (error, result) => {
    if (error) process.stderr.write(`profile failed: ${error.message}\n`);
    else writeFileSync(file.replace(/\.cpuprofile$/, heap ? '.heapprofile' : '.cpuprofile'), JSON.stringify(result.profile));
  });
});
