import {
  Client,
  ClientDuplexStream,
  ServiceClientConstructor,
  ServiceError,
  credentials,
  loadPackageDefinition,
  status,
} from '@grpc/grpc-js';
import { loadSync } from '@grpc/proto-loader';
import { PlatformGrpcServer } from '@switchyard/platform-grpc';
import { protoPath as healthProtoPath } from 'grpc-health-check';
import { join } from 'node:path';
import { RunningApp, startApp } from '../support/app-harness';
import { createTestDatabase } from '../support/databases';
import { eventually } from '../support/poll';
import { TcpProxy } from '../support/tcp-proxy';
import { TEST_MYSQL_URL } from '../support/test-environment';

const REFLECTION_PROTO = join(
  require.resolve('@grpc/reflection/package.json'),
  '..',
  'build',
  'proto',
  'grpc',
  'reflection',
  'v1',
  'reflection.proto',
);

/** A method of a dynamically loaded client (unary with a callback, or a stream). */
type GrpcMethod = (...args: unknown[]) => unknown;

/** Clients built only from the standard protos, as grpc_health_probe and grpcurl are: nothing of Switchyard's. */
function standardClients(port: number): { health: Client; reflection: Client } {
  const loaded = loadPackageDefinition(
    loadSync([healthProtoPath, REFLECTION_PROTO], { keepCase: true, defaults: true, enums: String }),
  ) as unknown as {
    grpc: { health: { v1: { Health: ServiceClientConstructor } }; reflection: { v1: { ServerReflection: ServiceClientConstructor } } };
  };
  const address = `127.0.0.1:${port}`;
  return {
    health: new loaded.grpc.health.v1.Health(address, credentials.createInsecure()),
    reflection: new loaded.grpc.reflection.v1.ServerReflection(address, credentials.createInsecure()),
  };
}

describe('grpc.health.v1.Health and server reflection on the platform gRPC port', () => {
  let database: Awaited<ReturnType<typeof createTestDatabase>>;
  let proxy: TcpProxy;
  let node: RunningApp;
  let clients: { health: Client; reflection: Client };

  const check = (service: string) =>
    new Promise<{ status?: string; error?: ServiceError }>((resolve) =>
      (clients.health as unknown as Record<string, GrpcMethod>).Check(
        { service },
        { deadline: Date.now() + 5_000 },
        (error: ServiceError | null, response?: { status: string }) => resolve(error ? { error } : { status: response!.status }),
      ),
    );

  beforeAll(async () => {
    database = await createTestDatabase('grpchealth');
    const mysql = new URL(TEST_MYSQL_URL);
    proxy = await new TcpProxy({ host: mysql.hostname, port: Number(mysql.port || 3306) }).start();
    const viaProxy = new URL(database.url);
    viaProxy.host = `127.0.0.1:${proxy.port}`;
    node = await startApp({
      DATABASE_URL: viaProxy.toString(),
      REDIS_URL: undefined,
      DATABASE_ACQUIRE_TIMEOUT_MS: '1000',
      GRPC_PORT: '0',
      GRPC_HEALTH_CHECK_MS: '200',
    });
    clients = standardClients(node.app.get(PlatformGrpcServer).boundPort!);
  });

  afterAll(async () => {
    clients?.health.close();
    clients?.reflection.close();
    await node?.close();
    await proxy?.stop();
    await database?.drop();
  });

  it('should answer SERVING for the server and the platform service while the node is ready, NOT_FOUND for others', async () => {
    await eventually(async () => (await check('')).status === 'SERVING', { message: 'the server to report SERVING' });

    const answers = await Promise.all([check(''), check('platform.v1.PlatformService'), check('no.such.Service')]);

    expect(answers.map((answer) => answer.status ?? answer.error?.code)).toEqual(['SERVING', 'SERVING', status.NOT_FOUND]);
  });

  it('should tell a Watch stream NOT_SERVING when the database goes away and SERVING when it is back', async () => {
    const seen: string[] = [];
    const watch = (clients.health as unknown as Record<string, GrpcMethod>).Watch({ service: '' }) as ClientDuplexStream<
      unknown,
      { status: string }
    >;
    watch.on('data', (update: { status: string }) => seen.push(update.status));
    watch.on('error', () => undefined);
    await eventually(() => seen.at(-1) === 'SERVING', { message: 'Watch to start with SERVING' });

    proxy.interrupt();
    await eventually(() => seen.at(-1) === 'NOT_SERVING', { message: 'Watch to hear NOT_SERVING' });
    proxy.restore();
    await eventually(() => seen.at(-1) === 'SERVING', { message: 'Watch to hear SERVING again' });

    watch.cancel();
    expect(seen.slice(-3)).toEqual(['SERVING', 'NOT_SERVING', 'SERVING']);
  });

  it('should list its services through reflection and describe the platform service without proto files', async () => {
    const stream = (clients.reflection as unknown as Record<string, GrpcMethod>).ServerReflectionInfo() as ClientDuplexStream<
      object,
      { list_services_response?: { service: Array<{ name: string }> }; file_descriptor_response?: { file_descriptor_proto: Buffer[] } }
    >;
    const answers: Array<{
      list_services_response?: { service: Array<{ name: string }> };
      file_descriptor_response?: { file_descriptor_proto: Buffer[] };
    }> = [];
    stream.on('data', (answer) => answers.push(answer));

    stream.write({ list_services: '*' });
    stream.write({ file_containing_symbol: 'platform.v1.PlatformService' });
    await eventually(() => answers.length >= 2, { message: 'two reflection answers' });
    stream.end();

    expect(answers[0]!.list_services_response!.service.map((service) => service.name)).toEqual(
      expect.arrayContaining(['platform.v1.PlatformService', 'grpc.health.v1.Health']),
    );
    expect(answers[1]!.file_descriptor_response!.file_descriptor_proto.length).toBeGreaterThan(0);
    expect(Buffer.concat(answers[1]!.file_descriptor_response!.file_descriptor_proto).toString('latin1')).toContain('VerifyToken');
  });
});
