import { ServiceDefinition } from '@grpc/grpc-js';
import { Options, loadSync } from '@grpc/proto-loader';
import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';

export const PLATFORM_SERVICE_NAME = 'platform.v1.PlatformService';

// The options every Switchyard gRPC party uses, so both sides see the same message shapes.
export const PROTO_LOADER_OPTIONS: Options = { keepCase: false, longs: Number, enums: String, defaults: true, oneofs: true };

/** proto/platform.proto, found from this file so ts-node, Jest and dist all resolve it. */
export function platformProtoFile(start: string = __dirname): string {
  for (let directory = start; ; directory = dirname(directory)) {
    const candidate = join(directory, 'proto', 'platform.proto');
    if (existsSync(candidate)) return candidate;
    if (dirname(directory) === directory) throw new Error(`proto/platform.proto not found above ${start}`);
  }
}

let cached: ServiceDefinition | undefined;

/** The service definition of platform.v1.PlatformService, loaded once per process. */
export function platformServiceDefinition(): ServiceDefinition {
  cached ??= load();
  return cached;
}

function load(): ServiceDefinition {
  const definition = loadSync(platformProtoFile(), PROTO_LOADER_OPTIONS)[PLATFORM_SERVICE_NAME];
  if (!definition || 'format' in definition) throw new Error(`${PLATFORM_SERVICE_NAME} is not a service in proto/platform.proto`);
  return definition as ServiceDefinition;
}
