import { Server, ServerCredentials } from '@grpc/grpc-js';
import { ReflectionService } from '@grpc/reflection';
import { BeforeApplicationShutdown, Inject, Injectable, Logger, OnApplicationBootstrap } from '@nestjs/common';
import { HealthService } from '@switchyard/health';
import { PlatformGrpcConfig, platformGrpcConfig } from './config/platform-grpc.config';
import { GrpcHealthReporter } from './grpc/grpc-health.reporter';
import { PLATFORM_SERVICE_NAME, platformServiceDefinition, reflectedPackageDefinition } from './grpc/platform-proto.loader';
import { UnaryCallInterceptor } from './grpc/unary-call.interceptor';
import { PlatformGrpcHandlers } from './platform-grpc.handlers';

/**
 * The adapter that serves platform.v1.PlatformService on GRPC_HOST:GRPC_PORT with @grpc/grpc-js, with
 * the standard health service (following readiness) and server reflection, so stock tools need no protos.
 */
@Injectable()
export class PlatformGrpcServer implements OnApplicationBootstrap, BeforeApplicationShutdown {
  private readonly logger = new Logger(PlatformGrpcServer.name);
  private server?: Server;
  private port?: number;
  private readonly health = new GrpcHealthReporter([PLATFORM_SERVICE_NAME]);
  private healthTimer?: NodeJS.Timeout;
  private healthCheck?: Promise<void>;

  constructor(
    @Inject(platformGrpcConfig.factory.KEY) private readonly config: PlatformGrpcConfig,
    private readonly handlers: PlatformGrpcHandlers,
    private readonly interceptor: UnaryCallInterceptor,
    private readonly readiness: HealthService,
  ) {}

  /** The port it listens on (the one picked when GRPC_PORT=0); undefined while disabled or stopped. */
  get boundPort(): number | undefined {
    return this.port;
  }

  async onApplicationBootstrap(): Promise<void> {
    if (!this.config.enabled) {
      this.logger.log('Platform gRPC server is disabled (GRPC_ENABLED=false)');
      return;
    }
    const service = platformServiceDefinition();
    const server = new Server();
    server.addService(service, this.interceptor.intercept(service, this.handlers.methods()));
    this.health.addToServer(server);
    new ReflectionService(reflectedPackageDefinition()).addToServer(server);
    this.port = await this.bind(server);
    this.server = server;
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

  private bind(server: Server): Promise<number> {
    const { host, port } = this.config;
    const address = host.includes(':') ? `[${host}]:${port}` : `${host}:${port}`;
    return new Promise((resolve, reject) =>
      server.bindAsync(address, ServerCredentials.createInsecure(), (error, boundPort) => {
        if (!error) return resolve(boundPort);
        server.forceShutdown();
        reject(new Error(`Cannot serve gRPC on ${address} (GRPC_HOST/GRPC_PORT): ${error.message}`));
      }),
    );
  }
}
