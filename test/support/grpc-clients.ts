import { Client, Metadata, ServiceClientConstructor, ServiceError, credentials, loadPackageDefinition } from '@grpc/grpc-js';
import { loadSync } from '@grpc/proto-loader';
import { protoPath as healthProtoPath } from 'grpc-health-check';
import { join } from 'node:path';

const PLATFORM_PROTO = join(__dirname, '..', '..', 'proto', 'platform.proto');
const LOADER_OPTIONS = { keepCase: false, longs: Number, enums: String, defaults: true, oneofs: true };

type Unary = (
  request: object,
  metadata: Metadata,
  options: { deadline: number },
  callback: (error: ServiceError | null, response?: Record<string, unknown>) => void,
) => void;

function callOnce(
  Constructor: ServiceClientConstructor,
  port: number,
  method: string,
  request: object,
  metadata: Metadata,
): Promise<{ error?: ServiceError; response?: Record<string, unknown> }> {
  // A client (so a connection) per call: with WORKERS=N each call may land on another worker.
  const client: Client = new Constructor(`127.0.0.1:${port}`, credentials.createInsecure());
  const unary = (client as unknown as Record<string, Unary>)[method]!.bind(client);
  return new Promise((resolve) =>
    unary(request, metadata, { deadline: Date.now() + 5_000 }, (error, response) => {
      client.close();
      resolve(error ? { error } : { response });
    }),
  );
}

/** grpc.health.v1.Health/Check as grpc_health_probe asks it: the serving status, or the error. */
export async function checkGrpcHealth(port: number, service = ''): Promise<string | ServiceError> {
  const loaded = loadPackageDefinition(loadSync(healthProtoPath, LOADER_OPTIONS)) as unknown as {
    grpc: { health: { v1: { Health: ServiceClientConstructor } } };
  };
  const { error, response } = await callOnce(loaded.grpc.health.v1.Health, port, 'Check', { service }, new Metadata());
  return error ?? String(response!.status);
}

/** One call of platform.v1.PlatformService with the given metadata entries (the internal token among them). */
export function callPlatform(port: number, method: string, request: object, metadata: Record<string, string>) {
  const loaded = loadPackageDefinition(loadSync(PLATFORM_PROTO, LOADER_OPTIONS)) as unknown as {
    platform: { v1: { PlatformService: ServiceClientConstructor } };
  };
  const entries = new Metadata();
  for (const [key, value] of Object.entries(metadata)) entries.set(key, value);
  return callOnce(loaded.platform.v1.PlatformService, port, method, request, entries);
}
