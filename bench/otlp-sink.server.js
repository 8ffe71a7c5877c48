'use strict';
// A local OTLP/HTTP receiver for benchmarks: accepts POST /v1/traces (protobuf or JSON), counts requests
// and bytes, answers 200 at once. GET /stats reports the counts. PORT (default 4318).
const { createServer } = require('node:http');
let batches = 0;
let bytes = 0;
const server = createServer((request, response) => {
  if (request.method === 'GET' && request.url === '/stats') {
    response.writeHead(200, { 'content-type': 'application/json' });
    response.end(JSON.stringify({ batches, bytes }));
    return;
  }
  request.on('data', (chunk) => (bytes += chunk.length));
  request.on('end', () => {
    batches += 1;
    response.writeHead(200, { 'content-type': request.headers['content-type'] ?? 'application/x-protobuf' });
    response.end();
  });
});
server.listen(Number(process.env.PORT ?? 4318), '127.0.0.1');
process.on('SIGTERM', () => process.exit(0));
