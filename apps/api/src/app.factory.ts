import { NestFactory } from '@nestjs/core';
import { FastifyAdapter, NestFastifyApplication } from '@nestjs/platform-fastify';
import { DocumentBuilder, SwaggerModule } from '@nestjs/swagger';
import { AppConfig, appConfig, validateEnvironment } from '@switchyard/config';
import { serveConsole } from '@switchyard/console';
import { depthCheckedJsonParser } from '@switchyard/errors';
import { RealtimeWsAdapter, realtimeConfig } from '@switchyard/realtime';
import { MetricsRegistry, REQUEST_ID_HEADER, metricsConfig, requestIdFor } from '@switchyard/observability';
import { connectPlatformGrpc } from '@switchyard/platform-grpc';
import { Logger } from 'nestjs-pino';
import { IncomingMessage } from 'node:http';
import { AppModule, AppModuleOptions } from './app.module';
import { CONFIG_DEFINITIONS } from './config.definitions';
import { installFastPaths } from './fast-paths';
import { guardOperationalEndpoints } from './operational-endpoints';
import { batchRepliesPerTurn } from './reply-batching';
import { closeSilentConnectionsOnClose } from './silent-connections';
import { preloadedRequestTracer, traceRequests } from './tracing/trace-requests';

export const API_PREFIX = 'api/v1';
/** Served at the root, not under API_PREFIX: what probes and scrapers ask for. */
export const UNPREFIXED_ROUTES = ['health/live', 'health/ready', 'metrics'];

/** Validates configuration, then builds the app (not yet listening): used by main.ts and by e2e tests; start it with serveApp. */
export async function createApp(options: AppModuleOptions = {}): Promise<{ app: NestFastifyApplication; config: AppConfig }> {
  validateEnvironment(process.env, CONFIG_DEFINITIONS);
  const config = appConfig.factory();
  const app = await NestFactory.create<NestFastifyApplication>(AppModule.register(options), createAdapter(config), { bufferLogs: true });
  app.useLogger(app.get(Logger));
  // Before app.init registers the routes: the ones marked @UseFastPath get their shortcut in front.
  installFastPaths(app.getHttpAdapter().getInstance(), (type) => app.get(type, { strict: false }));
  app.useBodyParser('application/json', { bodyLimit: config.bodyLimitBytes }, depthCheckedJsonParser(app.getHttpAdapter().getInstance()));
  const received = app
    .get(MetricsRegistry)
    .counter('switchyard_ws_messages_received_total', 'Messages received from WebSocket clients, by what became of them', ['outcome']);
  app.useWebSocketAdapter(
    new RealtimeWsAdapter(app, { maxPayloadBytes: realtimeConfig.factory().maxPayloadBytes }, (outcome) => received.inc({ outcome })),
  );
  app.setGlobalPrefix(API_PREFIX, { exclude: UNPREFIXED_ROUTES });
  // Off means not served at all: no document is built, and /docs is a 404 like any unknown path.
  if (config.docs.mode !== 'off') setUpDocs(app);
  // The migration console's static page (apps/console, built by npm run build) at /console.
  serveConsole(app);
  // A hybrid app: the platform gRPC API is a Nest microservice beside HTTP (not when GRPC_ENABLED=false).
  connectPlatformGrpc(app);
  return { app, config };
}

/**
 * Starts an app built by createApp, the same way on every boot path (main.ts, each worker of WORKERS=N,
 * tests): lifecycle hooks first, then its microservices (the platform gRPC server), then HTTP.
 */
export async function serveApp(app: NestFastifyApplication, address: { port: number; host: string }): Promise<void> {
  await app.init();
  // After init, so it follows every other onSend hook (the modules add theirs in onModuleInit).
  batchRepliesPerTurn(app.getHttpAdapter().getInstance());
  // The one microservice is the platform gRPC server: a port that cannot be bound names its settings.
  await app.startAllMicroservices().catch((error: unknown) => {
    throw new Error(`Cannot serve gRPC (GRPC_HOST/GRPC_PORT): ${error instanceof Error ? error.message : String(error)}`, { cause: error });
  });
  await app.listen(address);
}

function createAdapter(config: AppConfig): FastifyAdapter {
  const adapter = new FastifyAdapter({
    bodyLimit: config.bodyLimitBytes,
    requestTimeout: config.requestTimeoutMs,
    return503OnClosing: true,
    // Client address, protocol and host come from X-Forwarded-* only when the peer is a configured proxy.
    trustProxy: config.trustedProxies.isEmpty ? false : (address: string) => config.trustedProxies.has(address),
    // The access log, the error log and the response header all use `request.id`.
    genReqId: (request: IncomingMessage) => ((request as IncomingMessage & { id: string }).id = requestIdFor(request)),
    // No Nest middleware anywhere (cross-cutting work is in Fastify hooks), so no request runs an empty
    // middie chain; a middleware added later fails at start-up ("use is not a function"), not silently.
    skipMiddie: true,
  });
  const fastify = adapter.getInstance();
  // First of all hooks, so the server span covers the whole request and is active in every later hook.
  const tracer = preloadedRequestTracer();
  if (tracer !== undefined)
    traceRequests(
      fastify,
      tracer,
      UNPREFIXED_ROUTES.map((route) => `/${route}`),
    );
  closeSilentConnectionsOnClose(fastify);
  fastify.addHook('onRequest', (request, reply, done) => {
    void reply.header(REQUEST_ID_HEADER, request.id);
    done();
  });
  guardOperationalEndpoints(fastify, { metrics: metricsConfig.factory().access, docs: config.docs });
  return adapter;
}

function setUpDocs(app: NestFastifyApplication): void {
  const document = SwaggerModule.createDocument(
    app,
    new DocumentBuilder()
      .setTitle('Switchyard API')
      .setDescription('The data platform backend that takes over from the legacy Java backend, tenant by tenant.')
      .setVersion('1')
      .addServer('{scheme}://{host}', 'A Switchyard node, or the load balancer in front of the nodes', {
        scheme: { default: 'http', enum: ['http', 'https'] },
        host: { default: 'localhost:3000', description: 'Host and port of the node or the load balancer' },
      })
      .addBearerAuth()
      .addTag('auth', 'Log in, rotate tokens, log out, change the password')
      .addTag('users', "The users of the caller's tenant and their roles")
      .addTag('spaces', 'Workspaces of a tenant and their members')
      .addTag('datasources', 'Database connections of a space')
      .addTag('sync', 'Sync jobs between datasources and their runs on SeaTunnel')
      .addTag('sql', 'SQL validation through Calcite')
      .addTag('admin', 'Platform administration: routing between Switchyard and legacy, the plan, broadcasts')
      .addTag('health', 'Liveness and readiness probes')
      .build(),
  );
  SwaggerModule.setup('docs', app, document, { jsonDocumentUrl: 'docs-json' });
}
