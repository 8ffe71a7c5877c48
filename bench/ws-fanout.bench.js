'use strict';
// WebSocket scale against a running Switchyard: N authenticated connections (each counted when its first
// ping is answered, which the server does only after the token is checked), the server's RSS, then one
// broadcast from the admin API timed until every connection has it.
// usage: BASE_URL=http://127.0.0.1:3014 TOKEN=<admin access token> SERVER_PID=<pid> N=10000 node bench/ws-fanout.bench.js
const { performance } = require('node:perf_hooks');
const { readFileSync } = require('node:fs');
const WebSocket = require('ws');

const BASE_URL = process.env.BASE_URL ?? 'http://127.0.0.1:3000';
const TOKEN = process.env.TOKEN;
const N = Number(process.env.N ?? 10_000);
const IN_FLIGHT = Number(process.env.IN_FLIGHT ?? 500);
const SERVER_PID = process.env.SERVER_PID;
if (!TOKEN) throw new Error('TOKEN (an admin access token) is required');

const rssOf = (pid) => (pid ? Number(/VmRSS:\s+(\d+)/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))[1]) / 1024 : NaN);

function connect(url) {
  return new Promise((resolve, reject) => {
    const socket = new WebSocket(url, { perMessageDeflate: false });
    const timer = setTimeout(() => reject(new Error('no pong within 30 s')), 30_000);
    socket.once('error', reject);
    socket.once('close', (code) => reject(new Error(`closed with ${code} before the first pong`)));
    socket.once('open', () => socket.send('{"event":"ping"}'));
    socket.once('message', () => {
      clearTimeout(timer);
      socket.removeAllListeners('close');
      resolve(socket);
    });
  });
}

async function main() {
  const url = `${BASE_URL.replace(/^http/, 'ws')}/ws?token=${TOKEN}`;
  const rssBefore = rssOf(SERVER_PID);
  const sockets = [];
  let next = 0;
  const started = performance.now();
  await Promise.all(
    Array.from({ length: Math.min(IN_FLIGHT, N) }, async () => {
      while (next < N) {
        next += 1;
        sockets.push(await connect(url));
      }
    }),
  );
  const connectMs = performance.now() - started;
  const rssConnected = rssOf(SERVER_PID);

  let received = 0;
  const allReceived = new Promise((resolve) => {
    for (const socket of sockets)
      socket.on('message', (raw) => {
        if (JSON.parse(raw.toString()).event === 'bench.fanout' && ++received === sockets.length) resolve();
      });
  });
  const sentAt = performance.now();
  const response = await fetch(`${BASE_URL}/api/v1/admin/broadcast`, {
    method: 'POST',
    headers: { authorization: `Bearer ${TOKEN}`, 'content-type': 'application/json' },
    body: JSON.stringify({ event: 'bench.fanout', data: { at: Date.now() } }),
  });
  if (!response.ok) throw new Error(`broadcast answered ${response.status}: ${await response.text()}`);
  await allReceived;
  const broadcastMs = performance.now() - sentAt;

  console.log(
    JSON.stringify({
      connections: sockets.length,
      connectMs: Math.round(connectMs),
      connectionsPerSecond: Math.round(sockets.length / (connectMs / 1000)),
      broadcastToAllMs: Math.round(broadcastMs),
      serverRssMb: {
        before: Math.round(rssBefore),
        connected: Math.round(rssConnected),
        perConnectionKb: Math.round(((rssConnected - rssBefore) * 1024) / N),
      },
      node: process.version,
    }),
  );
  for (const socket of sockets) socket.terminate();
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
