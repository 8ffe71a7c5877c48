#!/usr/bin/env node
// Runs before `npm test`: the integration and e2e tiers need the real MariaDB and Redis.
const net = require('node:net');

const mysqlUrl = new URL(process.env.TEST_MYSQL_URL || 'mysql://root@127.0.0.1:3306');
const redisUrl = new URL(process.env.TEST_REDIS_URL || 'redis://127.0.0.1:6379');
const services = [
  { name: 'MariaDB', host: mysqlUrl.hostname, port: Number(mysqlUrl.port || 3306), start: "start-stop-daemon --start --oknodo --background --exec /usr/sbin/mariadbd" },
  { name: 'Redis', host: redisUrl.hostname, port: Number(redisUrl.port || 6379), start: "redis-server --daemonize yes --bind 127.0.0.1 -::1 --port 6379 --save '' --appendonly no" },
];

function reachable({ host, port }) {
  return new Promise((resolve) => {
    const socket = net.connect({ host, port, timeout: 2000 });
    socket.once('connect', () => { socket.destroy(); resolve(true); });
    socket.once('timeout', () => { socket.destroy(); resolve(false); });
    socket.once('error', () => resolve(false));
  });
}

(async () => {
  const down = [];
  for (const service of services) if (!(await reachable(service))) down.push(service);
  if (down.length === 0) return;
  for (const service of down) {
    process.stderr.write(`${service.name} is not reachable at ${service.host}:${service.port}. Start it with:\n  ${service.start}\n`);
  }
  process.stderr.write('(or point TEST_MYSQL_URL / TEST_REDIS_URL at running servers; .ci/run starts both)\n');
  process.exit(1);
})();
