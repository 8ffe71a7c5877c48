'use strict';
// Patches a COPY of dist/ (never the product) so bench/feature-budget.sh can switch per-request features off
// one at a time with SWY_ABLATE=<comma list>: rollback (the rollback monitor's sampling), gateway (the whole
// routing gateway), metrics (the HTTP histogram), cache (the fast path answers the first space it read from the
// cache tier, after the token and session checks), answer (the same, without the token and session checks).
// The access log is switched off with LOG_LEVEL=warn, a real setting.
// Every patch must match exactly once, so a changed source fails here instead of measuring the wrong thing.
const fs = require('node:fs');
const path = require('node:path');

const dist = process.argv[2];
if (!dist) throw new Error('usage: node bench/feature-budget.ablate.js <copy of dist/>');
const SWITCHES = "const ABLATE = new Set((process.env.SWY_ABLATE ?? '').split(','));\n";
const patches = {
  'libs/observability/src/metrics/metrics.module.js': [
    ["        fastify.addHook('onResponse', (request, reply, done) => {", "        if (!ABLATE.has('metrics')) fastify.addHook('onResponse', (request, reply, done) => {"],
  ],
  'libs/routing-gateway/src/routing.gateway.js': [
    ['        if (!this.proxy.enabled) {', "        if (!this.proxy.enabled || ABLATE.has('gateway')) {"],
    ["        fastify.addHook('onResponse', (request, reply, done) => {", "        if (!ABLATE.has('rollback')) fastify.addHook('onResponse', (request, reply, done) => {"],
  ],
  'libs/tenancy/src/spaces/space-read.fast-path.js': [
    [
      '        const user = this.auth.admitWithoutIo(request);',
      "        if (ABLATE.has('answer') && (this.ablatedRead ??= ((caller) => caller && this.access.peek(caller, id))(this.auth.admitWithoutIo(request)))) {\n" +
        "            void reply.header('X-Cache', this.ablatedRead.status).type('application/json; charset=utf-8').send(this.ablatedRead.json);\n" +
        '            return true;\n        }\n        const user = this.auth.admitWithoutIo(request);',
    ],
    [
      '        const read = user && this.access.peek(user, id);',
      "        const read = user && (ABLATE.has('cache') ? (this.ablatedRead ??= this.access.peek(user, id)) : this.access.peek(user, id));",
    ],
  ],
};
for (const [file, replacements] of Object.entries(patches)) {
  const target = path.join(dist, file);
  let text = fs.readFileSync(target, 'utf8');
  for (const [from, to] of replacements) {
    const count = text.split(from).length - 1;
    if (count !== 1) throw new Error(`${file}: expected one "${from.trim()}", found ${count}`);
    text = text.replace(from, to);
  }
  const firstLine = text.indexOf('\n') + 1;
  fs.writeFileSync(target, text.slice(0, firstLine) + SWITCHES + text.slice(firstLine));
}
console.error(`ablation switches added to ${Object.keys(patches).length} files in ${dist}`);
