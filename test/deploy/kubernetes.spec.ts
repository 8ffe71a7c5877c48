import { Deployment } from 'kubernetes-models/apps/v1/Deployment';
import { HorizontalPodAutoscaler } from 'kubernetes-models/autoscaling/v2/HorizontalPodAutoscaler';
import { PodDisruptionBudget } from 'kubernetes-models/policy/v1/PodDisruptionBudget';
import { ConfigMap } from 'kubernetes-models/v1/ConfigMap';
import { Secret } from 'kubernetes-models/v1/Secret';
import { Service } from 'kubernetes-models/v1/Service';
import type { IContainer } from 'kubernetes-models/v1/Container';
import { existsSync } from 'node:fs';
import { basename, join } from 'node:path';
import { HEALTH_ROUTES, SECRET_VARIABLES, generatedSecret, isReadByTheApp, listeningConfigOf, startupProblems } from './app-facts';
import { ROOT, filesUnder, readRepositoryFile, readYaml, readYamlDocuments } from './deploy-files';
import { unknownKubernetesFields } from './kubernetes-fields';

const FOLDER = 'deploy/kubernetes';
const MANIFESTS = filesUnder(FOLDER).filter((path) => path.endsWith('.yaml') && basename(path) !== 'kustomization.yaml');
const OBJECTS = MANIFESTS.flatMap((path) => readYamlDocuments(path).map((object) => ({ path, object })));

/** The models of the kinds shipped here: each validates against the Kubernetes OpenAPI schema it was generated from. */
const MODELS: Record<string, new (data: never) => { validate(): void }> = {
  'v1/ConfigMap': ConfigMap,
  'v1/Secret': Secret,
  'v1/Service': Service,
  'apps/v1/Deployment': Deployment,
  'policy/v1/PodDisruptionBudget': PodDisruptionBudget,
  'autoscaling/v2/HorizontalPodAutoscaler': HorizontalPodAutoscaler,
};

const only = <T>(kind: string): T => {
  const found = OBJECTS.filter(({ object }) => object.kind === kind);
  if (found.length !== 1) throw new Error(`expected one ${kind} in ${FOLDER}, found ${found.length}`);
  return found[0]!.object as T;
};
const deployment = only<Deployment>('Deployment');
const configMap = only<ConfigMap>('ConfigMap');
const service = only<Service>('Service');
const budget = only<PodDisruptionBudget>('PodDisruptionBudget');
const autoscaler = only<HorizontalPodAutoscaler>('HorizontalPodAutoscaler');
const secretExample = only<Secret>('Secret');
const pod = deployment.spec!.template.spec!;
const container: IContainer = pod.containers[0]!;
const secretReferences = (container.env ?? []).filter((variable) => variable.valueFrom?.secretKeyRef);

/** The environment of the container with the Secret holding these values (configMap entries, then env). */
function containerEnvironment(secretValue: (key: string) => string): Record<string, string> {
  const environment: Record<string, string> = { ...configMap.data };
  for (const variable of container.env ?? []) {
    const secretKey = variable.valueFrom?.secretKeyRef?.key;
    if (secretKey) environment[variable.name] = secretValue(secretKey);
    else if (variable.value !== undefined) environment[variable.name] = variable.value;
  }
  return environment;
}
const FILLED_IN = containerEnvironment((key) => generatedSecret(key));
const LISTENING = listeningConfigOf(FILLED_IN);
const quantityInMebibytes = (quantity: string | number): number => {
  const [, amount, unit] = /^(\d+)(Mi|Gi)$/.exec(String(quantity)) ?? [];
  return Number(amount) * (unit === 'Gi' ? 1024 : 1);
};

describe('deploy/kubernetes', () => {
  describe('schemas', () => {
    it('should ship one object of each kind it needs', () => {
      const kinds = OBJECTS.map(({ object }) => `${object.apiVersion}/${object.kind}`).sort();

      expect(kinds).toEqual(Object.keys(MODELS).sort());
    });

    it.each(OBJECTS.map(({ path, object }) => [`${path} (${object.kind as string})`, object] as const))(
      '%s should be valid against the Kubernetes schema',
      (_name, object) => {
        const Model = MODELS[`${object.apiVersion as string}/${object.kind as string}`]!;

        const validation = () => new Model(object as never).validate();

        expect(validation).not.toThrow();
      },
    );

    it('should use no field the Kubernetes API does not define (a misspelt field would be dropped silently)', () => {
      const unknown = unknownKubernetesFields(OBJECTS);

      expect(unknown).toEqual([]);
    });
  });

  describe('configuration', () => {
    it('should take its settings from the ConfigMap shipped here', () => {
      const sources = container.envFrom!.map((source) => source.configMapRef?.name);

      expect(sources).toEqual([configMap.metadata!.name]);
    });

    it('should set only variables the app reads, from the ConfigMap and the container', () => {
      const names = [...Object.keys(configMap.data!), ...(container.env ?? []).map((variable) => variable.name)];

      // POD_NAME only feeds OTEL_RESOURCE_ATTRIBUTES ($(POD_NAME)); NODE_OPTIONS is read by Node.js itself.
      const helpers = ['POD_NAME', 'NODE_OPTIONS'];

      expect(names.filter((name) => !isReadByTheApp(name) && !helpers.includes(name))).toEqual([]);
      expect(container.env!.some((variable) => variable.value?.includes('$(POD_NAME)'))).toBe(true);
    });

    it('should pass the production start-up validation once the Secret holds real values', () => {
      const problems = startupProblems(FILLED_IN);

      expect(FILLED_IN.NODE_ENV).toBe('production');
      expect(problems).toEqual([]);
    });

    it('should read every secret and every connection URL from the Secret, never from the ConfigMap or a literal', () => {
      const isCredential = (name: string) => SECRET_VARIABLES.has(name) || name === 'DATABASE_URL' || name === 'REDIS_URL';

      const fromSecret = secretReferences.map((variable) => variable.name);

      expect(Object.keys(FILLED_IN).filter((name) => isCredential(name) && !fromSecret.includes(name))).toEqual([]);
      expect(Object.keys(configMap.data!).filter(isCredential)).toEqual([]);
      expect(fromSecret).toEqual(expect.arrayContaining(['DATABASE_URL', 'REDIS_URL', 'JWT_SECRET']));
    });

    it('should name one Secret, by reference, whose example has exactly the keys the Deployment reads', () => {
      const names = new Set(secretReferences.map((variable) => variable.valueFrom!.secretKeyRef!.name));

      const keys = secretReferences.map((variable) => variable.valueFrom!.secretKeyRef!.key).sort();

      expect([...names]).toEqual([secretExample.metadata!.name]);
      expect(Object.keys(secretExample.stringData!).sort()).toEqual(keys);
    });

    it('should ship an example Secret whose placeholders the app refuses to start with', () => {
      const withPlaceholders = containerEnvironment((key) => secretExample.stringData![key]!);

      const problems = startupProblems(withPlaceholders);

      const refused = [...SECRET_VARIABLES].filter((name) => name in withPlaceholders);
      expect(refused.length).toBeGreaterThan(0);
      for (const name of refused) expect(problems).toContainEqual(expect.stringMatching(new RegExp(`^${name}: `)));
    });

    it('should leave the example Secret out of what kustomization applies', () => {
      const kustomization = readYaml<{ resources: string[]; images: Array<{ name: string }> }>(`${FOLDER}/kustomization.yaml`);

      const secretFile = OBJECTS.find(({ object }) => object.kind === 'Secret')!.path;

      expect(kustomization.resources.sort()).toEqual(
        MANIFESTS.filter((path) => path !== secretFile)
          .map((path) => basename(path))
          .sort(),
      );
      expect(kustomization.resources.every((resource) => existsSync(join(ROOT, FOLDER, resource)))).toBe(true);
      expect(kustomization.images.map((image) => image.name)).toEqual([container.image!.split(':')[0]]);
    });
  });

  describe('probes and ports', () => {
    const portNumber = (port: number | string | undefined): number | undefined =>
      typeof port === 'number' ? port : container.ports!.find((candidate) => candidate.name === port)?.containerPort;

    it('should declare the container ports the app listens on with this configuration', () => {
      const ports = Object.fromEntries(container.ports!.map((port) => [port.name, port.containerPort]));

      expect(ports).toEqual({ http: LISTENING.port, grpc: LISTENING.grpc.port });
      expect(LISTENING.grpc.enabled).toBe(true);
      expect(LISTENING.grpc.host).toBe('0.0.0.0');
    });

    it('should probe readiness and liveness on the health routes the app serves, on its HTTP port', () => {
      const probes = [container.readinessProbe!, container.livenessProbe!].map((probe) => ({
        path: probe.httpGet!.path,
        port: portNumber(probe.httpGet!.port),
      }));

      expect(probes).toEqual([
        { path: '/health/ready', port: LISTENING.port },
        { path: '/health/live', port: LISTENING.port },
      ]);
      expect(probes.every((probe) => HEALTH_ROUTES.includes(probe.path!))).toBe(true);
    });

    it('should probe start-up with grpc.health.v1.Health on the gRPC port', () => {
      const probe = container.startupProbe!;

      expect(probe.grpc?.port).toBe(LISTENING.grpc.port);
      expect(probe.grpc?.service ?? '').toBe('');
    });

    it('should route the Service ports to the container ports, /metrics included, for the pods it selects', () => {
      const targets = Object.fromEntries(service.spec!.ports!.map((port) => [port.name, portNumber(port.targetPort)]));

      expect(targets).toEqual({ http: LISTENING.port, grpc: LISTENING.grpc.port, metrics: LISTENING.port });
      expect(service.spec!.selector).toEqual(deployment.spec!.template.metadata!.labels);
      expect(FILLED_IN.METRICS_ACCESS).toBe('token');
    });
  });

  describe('graceful drain', () => {
    it('should give a pod more time than preStop plus the app drain before it is killed', () => {
      const preStopSeconds = container.lifecycle!.preStop!.sleep!.seconds;

      const budgetMs = pod.terminationGracePeriodSeconds! * 1000;

      expect(preStopSeconds).toBeGreaterThanOrEqual(3);
      expect(budgetMs).toBeGreaterThanOrEqual(preStopSeconds * 1000 + LISTENING.shutdownGraceMs + 5_000);
      expect(LISTENING.grpc.shutdownGraceMs).toBeLessThanOrEqual(LISTENING.shutdownGraceMs);
    });

    it('should select exactly the pods it templates', () => {
      const labels = deployment.spec!.template.metadata!.labels;

      expect(deployment.spec!.selector.matchLabels).toEqual(labels);
      expect(pod.topologySpreadConstraints!.map((constraint) => constraint.labelSelector!.matchLabels)).toEqual([labels]);
    });

    it('should roll out without taking a serving pod away first', () => {
      const rollingUpdate = deployment.spec!.strategy!.rollingUpdate!;

      expect(rollingUpdate.maxUnavailable).toBe(0);
      expect(Number(rollingUpdate.maxSurge)).toBeGreaterThanOrEqual(1);
    });
  });

  describe('security', () => {
    it('should run as the non-root user of the image, on a read-only root filesystem, with no privileges', () => {
      const imageUser = /^USER\s+(\d+)(?::(\d+))?/m.exec(readRepositoryFile('deploy/Dockerfile'));

      expect(pod.securityContext).toEqual(expect.objectContaining({ runAsNonRoot: true, runAsUser: Number(imageUser?.[1]) }));
      expect(pod.securityContext!.runAsGroup).toBe(Number(imageUser?.[2] ?? imageUser?.[1]));
      expect(container.securityContext).toEqual({
        allowPrivilegeEscalation: false,
        readOnlyRootFilesystem: true,
        capabilities: { drop: ['ALL'] },
      });
      expect(pod.automountServiceAccountToken).toBe(false);
    });

    it('should mount a writable /tmp only, since a node with DATABASE_URL writes nothing else', () => {
      const mounts = container.volumeMounts!.map((mount) => mount.mountPath);

      expect(mounts).toEqual(['/tmp']);
      expect(FILLED_IN.DATABASE_URL).toMatch(/^mysql:\/\//);
    });
  });

  describe('sizing', () => {
    it('should request a core and memory, and cap memory above the V8 heap it allows', () => {
      const { requests, limits } = container.resources!;
      const heap = /--max-old-space-size=(\d+)/.exec(FILLED_IN.NODE_OPTIONS ?? '');

      expect(requests).toEqual({ cpu: '1000m', memory: expect.any(String) });
      expect(FILLED_IN.WORKERS).toBe('1');
      expect(Number(heap?.[1])).toBeLessThan(quantityInMebibytes(limits!.memory!));
      expect(quantityInMebibytes(requests!.memory!)).toBeGreaterThanOrEqual(256);
    });

    it('should scale the Deployment from at least two pods, and let disruptions take only one at a time', () => {
      const target = autoscaler.spec!.scaleTargetRef;

      expect([target.apiVersion, target.kind, target.name]).toEqual(['apps/v1', 'Deployment', deployment.metadata!.name]);
      expect(autoscaler.spec!.minReplicas).toBeGreaterThanOrEqual(2);
      expect(budget.spec!.maxUnavailable).toBe(1);
      expect(budget.spec!.selector!.matchLabels).toEqual(deployment.spec!.template.metadata!.labels);
      expect(deployment.spec!.replicas).toBeUndefined();
    });
  });
});
