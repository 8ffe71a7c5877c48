import { Client, Metadata, ServiceClientConstructor, ServiceError, credentials, loadPackageDefinition } from '@grpc/grpc-js';
import { loadSync } from '@grpc/proto-loader';
import { INestApplication } from '@nestjs/common';
import { FastifyAdapter } from '@nestjs/platform-fastify';
import { Test } from '@nestjs/testing';
import { PROTO_LOADER_OPTIONS } from '@switchyard/common';
import { HealthService } from '@switchyard/health';
import { MetricsRegistry } from '@switchyard/observability';
import { PlatformGrpcConfig, platformGrpcConfig } from '../src/config/platform-grpc.config';
import { GrpcServerMetrics } from '../src/grpc/grpc-server.metrics';
import { platformProtoFile } from '../src/grpc/platform-proto.loader';
import { PlatformGrpcController } from '../src/platform-grpc.controller';
import { PlatformGrpcServer, connectPlatformGrpc } from '../src/platform-grpc.server';
import { PlatformService } from '../src/platform.service';
import { PublishEventCommand, TokenVerification } from '../src/platform.types';

export const INTERNAL_TOKEN = 'unit-test-internal-token-of-32-characters';
export const METHODS = ['VerifyToken', 'PublishEvent', 'GetSyncRun'] as const;
export type Method = (typeof METHODS)[number];
export type Outcome = { error?: ServiceError; response?: Record<string, unknown> };

/** A PlatformService stand-in that records what reached it; each method answers or throws as told. */
export class FakePlatform {
  readonly calls: Array<{ method: string; argument: unknown }> = [];
  verification: TokenVerification = { valid: false };
  failure?: unknown;
  /** While set, verifyToken answers only once it settles: a call held open. */
  gate?: Promise<void>;

  async verifyToken(accessToken: string): Promise<TokenVerification> {
    this.record('verifyToken', accessToken);
    await this.gate;
    return this.verification;
  }

  async publishEvent(command: PublishEventCommand): Promise<void> {
    this.record('publishEvent', command);
  }

  async getSyncRun(tenantId: string, runId: string) {
    this.record('getSyncRun', { tenantId, runId });
    return { id: runId, jobId: 'job-1', spaceId: 'space-1', status: 'succeeded', rowsRead: 3, rowsWritten: 3, error: '' };
  }

  private record(method: string, argument: unknown): void {
    this.calls.push({ method, argument });
    if (this.failure !== undefined) throw this.failure;
  }
}

type UnaryMethod = (
  request: object,
  metadata: Metadata,
  options: { deadline: number },
  callback: (error: ServiceError | null, response?: Record<string, unknown>) => void,
) => void;

/** A readiness check that passes until told otherwise. */
export class FakeReadiness {
  ready = true;

  async readiness(): Promise<object> {
    if (!this.ready) throw new Error('not ready');
    return { status: 'ok' };
  }
}

/**
 * The platform gRPC module's own pieces (controller with its guard, pipe, interceptor and filter;
 * PlatformGrpcServer with health, reflection and the bounded drain) in a hybrid app connected and started
 * as apps/api does it, on a free loopback port, with a client built from proto/platform.proto: real calls
 * over a socket; only the service behind the controller and the readiness check are fakes.
 */
export class PlatformGrpcHarness {
  private constructor(
    readonly platform: FakePlatform,
    readonly metrics: MetricsRegistry,
    readonly app: INestApplication,
    readonly port: number,
    private readonly client: Client,
  ) {}

  static async start(config: Partial<PlatformGrpcConfig> = {}): Promise<PlatformGrpcHarness> {
    const platform = new FakePlatform();
    const metrics = new MetricsRegistry();
    const module = await Test.createTestingModule({
      controllers: [PlatformGrpcController],
      providers: [
        GrpcServerMetrics,
        PlatformGrpcServer,
        { provide: PlatformService, useValue: platform },
        { provide: MetricsRegistry, useValue: metrics },
        { provide: HealthService, useValue: new FakeReadiness() },
        {
          provide: platformGrpcConfig.factory.KEY,
          useValue: {
            enabled: true,
            host: '127.0.0.1',
            port: 0,
            shutdownGraceMs: 5_000,
            healthCheckMs: 60_000,
            internalToken: INTERNAL_TOKEN,
            ...config,
          } satisfies PlatformGrpcConfig,
        },
      ],
    }).compile();
    const app = module.createNestApplication(new FastifyAdapter(), { logger: false });
    connectPlatformGrpc(app);
    await app.init();
    await app.startAllMicroservices();
    const port = app.get(PlatformGrpcServer).boundPort!;
    const loaded = loadPackageDefinition(loadSync(platformProtoFile(), PROTO_LOADER_OPTIONS)) as unknown as {
      platform: { v1: { PlatformService: ServiceClientConstructor } };
    };
    const client = new loaded.platform.v1.PlatformService(`127.0.0.1:${port}`, credentials.createInsecure());
    return new PlatformGrpcHarness(platform, metrics, app, port, client);
  }

  /** Calls `method` with the internal credential, a wrong one, or none (null). */
  invoke(method: Method, request: object = {}, token: string | null = INTERNAL_TOKEN): Promise<Outcome> {
    const metadata = new Metadata();
    if (token !== null) metadata.set('x-internal-token', token);
    const unary = (this.client as unknown as Record<Method, UnaryMethod>)[method].bind(this.client);
    return new Promise((resolve) =>
      unary(request, metadata, { deadline: Date.now() + 5_000 }, (error, response) => resolve(error ? { error } : { response })),
    );
  }

  /** The metrics as Prometheus scrapes them. */
  exposition(): Promise<string> {
    return this.metrics.metrics();
  }

  async stop(): Promise<void> {
    this.client.close();
    await this.app.close();
  }
}
