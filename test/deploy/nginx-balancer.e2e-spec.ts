import { IncomingHttpHeaders, Server, createServer } from 'node:http';
import { AddressInfo } from 'node:net';
import { request } from 'undici';
import { WebSocket, WebSocketServer } from 'ws';
import { NginxBalancer } from '../support/nginx';
import { readRepositoryFile } from './deploy-files';

const SITE = readRepositoryFile('deploy/nginx/switchyard.conf');
const UPSTREAM = /^(\s*server\s+)(switchyard-\d+):(\d+)/gm;

/**
 * The compose site with its test-only stubs: nginx listens on a loopback port instead of 80, and the
 * compose service names (resolved by Docker's DNS there) become the stand-in nodes' addresses.
 */
function stubbed(port: number, nodes: Record<string, number>): string {
  return SITE.replace(/^(\s*)listen\s+80;/m, `$1listen 127.0.0.1:${port};`).replace(UPSTREAM, (_whole, prefix: string, name: string) => {
    if (!(name in nodes)) throw new Error(`no stand-in for the upstream ${name}`);
    return `${prefix}127.0.0.1:${nodes[name]}`;
  });
}

/** A Switchyard node as nginx sees it: answers HTTP with its name, echoes WebSocket messages on /ws, can be draining (503). */
class StandInNode {
  readonly requests: Array<{ path: string; headers: IncomingHttpHeaders }> = [];
  draining = false;
  private readonly server: Server;
  private readonly sockets: WebSocketServer;

  constructor(readonly name: string) {
    this.server = createServer((incoming, response) => {
      this.requests.push({ path: incoming.url ?? '', headers: incoming.headers });
      response.writeHead(this.draining ? 503 : 200, { 'content-type': 'application/json', 'x-node': name });
      response.end(JSON.stringify({ node: name }));
    });
    this.sockets = new WebSocketServer({ server: this.server, path: '/ws' });
    this.sockets.on('connection', (socket, upgrade) => {
      this.requests.push({ path: upgrade.url ?? '', headers: upgrade.headers });
      socket.on('message', (data) => socket.send(`${name}:${data.toString()}`));
    });
  }

  get port(): number {
    return (this.server.address() as AddressInfo).port;
  }

  async start(): Promise<void> {
    await new Promise<void>((resolve) => this.server.listen(0, '127.0.0.1', resolve));
  }

  async stop(): Promise<void> {
    for (const client of this.sockets.clients) client.terminate();
    await new Promise<void>((resolve) => this.sockets.close(() => resolve()));
    this.server.closeAllConnections();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }
}

describe('deploy/nginx/switchyard.conf (real nginx in front of stand-in nodes)', () => {
  const nodes = [new StandInNode('switchyard-1'), new StandInNode('switchyard-2')];
  const upstreamPorts = () => Object.fromEntries(nodes.map((node) => [node.name, node.port]));
  let balancer: NginxBalancer;

  beforeAll(async () => {
    await Promise.all(nodes.map((node) => node.start()));
    balancer = await NginxBalancer.startWith((port) => stubbed(port, upstreamPorts()));
  });

  afterAll(async () => {
    await balancer?.stop();
    await Promise.all(nodes.map((node) => node.stop()));
  });

  beforeEach(() => {
    for (const node of nodes) {
      node.requests.length = 0;
      node.draining = false;
    }
  });

  it('should pass nginx -t with only the listen port and the upstream names stubbed', () => {
    const check = NginxBalancer.testSite(stubbed(8080, upstreamPorts()));

    expect(check.output).toMatch(/test is successful/);
    expect(check.accepted).toBe(true);
  });

  it('should balance over both compose nodes', async () => {
    for (let attempt = 0; attempt < 4; attempt += 1) await (await request(`${balancer.baseUrl}/api/v1/spaces`)).body.text();

    const served = nodes.map((node) => node.requests.length);

    expect(served).toEqual([2, 2]);
  });

  it('should tell the node the client address (appended to what the client claimed), scheme and host', async () => {
    const response = await request(`${balancer.baseUrl}/api/v1/auth/me`, {
      headers: { host: 'switchyard.example:8080', 'x-forwarded-for': '203.0.113.9' },
    });
    await response.body.text();

    const { headers } = nodes.flatMap((node) => node.requests)[0]!;

    expect(response.statusCode).toBe(200);
    expect(headers['x-forwarded-for']).toBe('203.0.113.9, 127.0.0.1');
    expect(headers['x-forwarded-proto']).toBe('http');
    expect(headers['x-forwarded-host']).toBe('switchyard.example:8080');
    expect(headers.host).toBe('switchyard.example:8080');
  });

  it('should upgrade /ws to a WebSocket on a node, with the forwarding headers, and carry messages both ways', async () => {
    const socket = new WebSocket(`${balancer.baseUrl.replace('http', 'ws')}/ws`);
    const answer = new Promise<string>((resolve, reject) => {
      socket.once('message', (data) => resolve(data.toString()));
      socket.once('error', reject);
    });
    await new Promise<void>((resolve, reject) => {
      socket.once('open', resolve);
      socket.once('error', reject);
    });

    socket.send('hello');

    expect(await answer).toMatch(/^switchyard-\d:hello$/);
    const upgrade = nodes.flatMap((node) => node.requests).find((entry) => entry.path === '/ws')!;
    expect(upgrade.headers.upgrade).toBe('websocket');
    expect(upgrade.headers.connection).toMatch(/upgrade/i);
    expect(upgrade.headers['x-forwarded-for']).toBe('127.0.0.1');
    socket.close();
  });

  it('should keep /metrics to the scraper: the balancer answers 404 and no node is asked', async () => {
    const response = await request(`${balancer.baseUrl}/metrics`);
    await response.body.text();

    expect(response.statusCode).toBe(404);
    expect(nodes.flatMap((node) => node.requests)).toEqual([]);
  });

  it('should send a GET that a draining node refuses with 503 to the other node', async () => {
    nodes[0]!.draining = true;

    const answers = [];
    for (let attempt = 0; attempt < 4; attempt += 1) {
      const response = await request(`${balancer.baseUrl}/api/v1/spaces`);
      await response.body.text();
      answers.push([response.statusCode, response.headers['x-node']]);
    }

    expect(answers).toEqual(Array.from({ length: 4 }, () => [200, 'switchyard-2']));
  });

  it('should send a node traffic again as soon as it answers, however many 503s it gave (a shared outage must not take nodes out)', async () => {
    nodes[0]!.draining = true;
    for (let attempt = 0; attempt < 6; attempt += 1) await (await request(`${balancer.baseUrl}/api/v1/spaces`)).body.text();
    nodes[0]!.draining = false;

    const served = [];
    for (let attempt = 0; attempt < 2; attempt += 1) {
      const response = await request(`${balancer.baseUrl}/api/v1/spaces`);
      await response.body.text();
      served.push(response.headers['x-node']);
    }

    expect(served.sort()).toEqual(['switchyard-1', 'switchyard-2']);
  });

  it('should answer its own health check without asking a node', async () => {
    const response = await request(`${balancer.baseUrl}/nginx-health`);

    expect({ status: response.statusCode, body: await response.body.text() }).toEqual({ status: 200, body: 'ok\n' });
    expect(nodes.flatMap((node) => node.requests)).toEqual([]);
  });
});
