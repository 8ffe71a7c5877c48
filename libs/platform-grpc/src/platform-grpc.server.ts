import { Server } from '@grpc/grpc-js';
import { ReflectionService } from '@grpc/reflection';
import { BeforeApplicationShutdown, INestApplication, Inject, Injectable, Logger } from '@nestjs/common';
import { GrpcOptions, Transport } from '@nestjs/microservices';
import { HealthService } from '@switchyard/health';
import { PlatformGrpcConfig, platformGrpcConfig } from './config/platform-grpc.config';
import { GrpcHealthReporter } from './grpc/grpc-health.reporter';
import { listeningPort } from './grpc/listening-port';
import { PLATFORM_PACKAGE, PLATFORM_SERVICE_NAME, platformPackageDefinition } from './grpc/platform-proto.loader';

/** The largest request accepted (grpc-js's default, named here): larger ones are refused with RESOURCE_EXHAUSTED. */
const MAX_REQUEST_BYTES = 4 * 1024 * 1024;

/**
 * What Nest's gRPC transport leaves to the application on the platform port: the options it is connected
 * with, the standard health service (following readiness) and server reflection on its grpc-js Server, the
 * port it bound, and a drain bounded by GRPC_SHUTDOWN_GRACE_MS (Nest's own close either waits for open
 * calls without a bound or cuts them off).
 */
@Injectable()
export class PlatformGrpcServer implements BeforeApplicationShutdown {
  private readonly logger = new Logger(PlatformGrpcServer.name);
  private readonly health = new GrpcHealthReporter([PLATFORM_SERVICE_NAME]);
  private server?: Server;
  private port?: number;
  private healthTimer?: NodeJS.Timeout;
  private healthCheck?: Promise<void>;

  constructor(
    @Inject(platformGrpcConfig.factory.KEY) private readonly config: PlatformGrpcConfig,
    private readonly readiness: HealthService,
  ) {}

  /** The port it listens on (the one picked when GRPC_PORT=0); undefined while disabled, not started or stopped. */
  get boundPort(): number | undefined {
    return this.port;
  }

  /** How to connect platform.v1.PlatformService as a gRPC microservice; undefined when GRPC_ENABLED=false. */
  microserviceOptions(): GrpcOptions | undefined {
    if (!this.config.enabled) {
      this.logger.log('Platform gRPC server is disabled (GRPC_ENABLED=false)');
      return undefined;
    }
    const { host, port } = this.config;
    return {
      transport: Transport.GRPC,
      options: {
        url: host.includes(':') ? `[${host}]:${port}` : `${host}:${port}`,
        package: PLATFORM_PACKAGE,
        packageDefinition: platformPackageDefinition(),
        maxReceiveMessageLength: MAX_REQUEST_BYTES,
        // Open calls are drained within the grace period before Nest closes the server (beforeApplicationShutdown).
        gracefulShutdown: false,
        // Called once the server is bound, before Nest adds the platform service to it.
        onLoadPackageDefinition: (_definition: unknown, server: Server) => this.attach(server),
      },
    };
  }

  private attach(server: Server): void {
    this.health.addToServer(server);
    new ReflectionService(platformPackageDefinition()).addToServer(server);
    this.server = server;
    this.port = listeningPort(server);
    this.checkHealth();
    this.healthTimer = setInterval(() => this.checkHealth(), this.config.healthCheckMs);
    this.healthTimer.unref();
    this.logger.log(`${PLATFORM_SERVICE_NAME} listening on ${this.config.host}:${this.port} (with grpc.health.v1.Health and reflection)`);
  }

  /** One readiness check at a time; its outcome (never a rejection) becomes the health status. */
  private checkHealth(): void {
    if (this.healthCheck) return;
    this.healthCheck = this.readiness
      .readiness()
      .then(
        () => this.health.report(true),
        () => this.health.report(false),
      )
      .finally(() => (this.healthCheck = undefined));
  }

  // Before, not on, application shutdown: open calls finish while the event bus and stores they use are still up.
  async beforeApplicationShutdown(): Promise<void> {
    const server = this.server;
    if (!server) return;
    // Probes see NOT_SERVING at once, while open calls are still allowed to finish.
    clearInterval(this.healthTimer);
    this.health.stop();
    await this.healthCheck;
    this.server = undefined;
    this.port = undefined;
    await new Promise<void>((resolve) => {
      const deadline = setTimeout(() => {
        this.logger.warn(`gRPC calls still open after ${this.config.shutdownGraceMs} ms; closing them`);
        server.forceShutdown();
        resolve();
      }, this.config.shutdownGraceMs);
      deadline.unref();
      server.tryShutdown(() => {
        clearTimeout(deadline);
        resolve();
      });
    });
  }
}

/**
 * Connects platform.v1.PlatformService to a hybrid app as a gRPC microservice (nothing when
 * GRPC_ENABLED=false); `app.startAllMicroservices()` then binds it.
 */
export function connectPlatformGrpc(app: INestApplication): void {
  const options = app.get(PlatformGrpcServer).microserviceOptions();
  if (options) app.connectMicroservice<GrpcOptions>(options);
}
