import { ChildProcess, spawn, spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { connect } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { eventually } from './poll';
import { freePort } from './ports';

const NGINX = process.env.NGINX_BINARY ?? '/usr/sbin/nginx';

/**
 * A real nginx as the load balancer in front of Switchyard nodes, as production runs it: it appends the
 * peer's address to X-Forwarded-For and sets the scheme and host it saw (a client's own values are overwritten). Runs in the foreground in a
 * folder of its own; `.ci/run` installs it (Debian's nginx-light).
 */
export class NginxBalancer {
  private constructor(
    private readonly child: ChildProcess,
    private readonly directory: string,
    readonly port: number,
    private readonly output: string[],
  ) {}

  get baseUrl(): string {
    return `http://127.0.0.1:${this.port}`;
  }

  static async start(upstreams: readonly string[]): Promise<NginxBalancer> {
    const servers = upstreams.map((upstream) => `    server ${new URL(upstream).host};`).join('\n');
    return NginxBalancer.startWith(
      (port) => `  upstream switchyard {
${servers}
    keepalive 8;
  }
  server {
    listen 127.0.0.1:${port};
    location / {
      proxy_pass http://switchyard;
      proxy_http_version 1.1;
      proxy_set_header Connection "";
      proxy_set_header Host $http_host;
      proxy_set_header X-Forwarded-For $proxy_add_x_forwarded_for;
      proxy_set_header X-Forwarded-Proto $scheme;
      proxy_set_header X-Forwarded-Host $http_host;
    }
  }`,
    );
  }

  /** nginx with a site of the caller's (the inside of the http block), listening where the site says on the port given. */
  static async startWith(site: (port: number) => string): Promise<NginxBalancer> {
    const directory = mkdtempSync(join(tmpdir(), 'swy-nginx-'));
    const port = await freePort();
    writeFileSync(join(directory, 'nginx.conf'), configuration(directory, site(port)));
    const output: string[] = [];
    const child = spawn(NGINX, ['-p', directory, '-c', join(directory, 'nginx.conf'), '-e', 'stderr'], {
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    child.stdout?.on('data', (chunk: Buffer) => output.push(chunk.toString()));
    child.stderr?.on('data', (chunk: Buffer) => output.push(chunk.toString()));
    const spawned = new Promise<void>((resolve, reject) => {
      child.once('spawn', resolve);
      child.once('error', (error) => reject(new Error(`nginx could not start (${NGINX}; .ci/run installs nginx-light): ${error.message}`)));
    });
    try {
      await spawned;
      await eventually(() => child.exitCode === null && accepts(port), { message: `nginx on port ${port}` });
    } catch (error) {
      child.kill('SIGKILL');
      rmSync(directory, { recursive: true, force: true });
      throw new Error(`${(error as Error).message}\n${output.join('')}`, { cause: error });
    }
    return new NginxBalancer(child, directory, port, output);
  }

  async stop(): Promise<void> {
    if (this.child.exitCode === null) {
      const exited = new Promise((resolve) => this.child.once('exit', resolve));
      this.child.kill('SIGQUIT');
      await exited;
    }
    rmSync(this.directory, { recursive: true, force: true });
  }

  /** `nginx -t` on a site (the inside of the http block): whether nginx accepts it, and what it said. */
  static testSite(site: string): { accepted: boolean; output: string } {
    const directory = mkdtempSync(join(tmpdir(), 'swy-nginx-t-'));
    try {
      writeFileSync(join(directory, 'nginx.conf'), configuration(directory, site));
      const result = spawnSync(NGINX, ['-t', '-p', directory, '-c', join(directory, 'nginx.conf'), '-e', 'stderr'], { encoding: 'utf8' });
      if (result.error) throw new Error(`nginx could not run (${NGINX}; .ci/run installs nginx-light): ${result.error.message}`);
      return { accepted: result.status === 0, output: `${result.stdout}${result.stderr}` };
    } finally {
      rmSync(directory, { recursive: true, force: true });
    }
  }

  /** What nginx wrote to its error log (for a failing test's message). */
  get log(): string {
    return this.output.join('');
  }
}

/** A whole nginx.conf around a site, with every file nginx writes inside the folder. */
function configuration(directory: string, site: string): string {
  for (const folder of ['body', 'proxy', 'fastcgi', 'uwsgi', 'scgi']) mkdirSync(join(directory, folder), { recursive: true });
  return `worker_processes 1;
daemon off;
pid ${directory}/nginx.pid;
error_log stderr warn;
events { worker_connections 256; }
http {
  access_log off;
  client_body_temp_path ${directory}/body;
  proxy_temp_path ${directory}/proxy;
  fastcgi_temp_path ${directory}/fastcgi;
  uwsgi_temp_path ${directory}/uwsgi;
  scgi_temp_path ${directory}/scgi;
${site}
}
`;
}

function accepts(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = connect(port, '127.0.0.1');
    socket.once('connect', () => {
      socket.destroy();
      resolve(true);
    });
    socket.once('error', () => resolve(false));
  });
}
