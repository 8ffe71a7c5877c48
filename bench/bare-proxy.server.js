// The floor for comparison: a bare Fastify + undici proxy with none of Switchyard's layers.
const Fastify = require('fastify');
const { Agent, request } = require('undici');
const agent = new Agent({ connections: 64 });
const app = Fastify({ logger: false });
app.addHook('onRequest', async (req, reply) => {
  const response = await request(`${process.env.LEGACY_BASE_URL}${req.url}`, { method: req.method, dispatcher: agent });
  return reply.code(response.statusCode).header('content-type', response.headers['content-type']).send(response.body);
});
app.listen({ port: Number(process.env.PORT), host: '127.0.0.1' });
