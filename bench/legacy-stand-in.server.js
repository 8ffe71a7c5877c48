// A minimal legacy backend for the benchmark: one JSON answer, as fast as Node serves it.
const { createServer } = require('node:http');
const body = JSON.stringify({ items: Array.from({ length: 10 }, (_, index) => ({ id: index, name: `space-${index}` })), nextCursor: null });
const server = createServer((_request, response) => {
  response.writeHead(200, { 'content-type': 'application/json' });
  response.end(body);
});
server.listen(Number(process.env.PORT ?? 0), '127.0.0.1', () => process.send?.({ port: server.address().port }));
process.on('disconnect', () => process.exit(0));
