'use strict';
// Bare Fastify answering GET /api/v1/spaces/:id with a fixed JSON body the size of a cached space: the floor
// under bench/feature-budget.sh's rows (no hooks, no token, no log). PORT, BODY_FILE (the body to send).
const Fastify = require('fastify');
const body = require('node:fs').readFileSync(process.env.BODY_FILE, 'utf8');
const app = Fastify({ logger: false });
app.get('/api/v1/spaces/:id', (_request, reply) => {
  void reply.type('application/json; charset=utf-8').send(body);
});
process.on('SIGTERM', () => process.exit(0));
app.listen({ host: '127.0.0.1', port: Number(process.env.PORT) });
