import { ServiceDefinition } from '@grpc/grpc-js';
import { PackageDefinition, loadSync } from '@grpc/proto-loader';
import { PROTO_LOADER_OPTIONS, protoDirectory } from '@switchyard/common';
import { protoPath as healthProtoPath } from 'grpc-health-check';
import { join } from 'node:path';

export const PLATFORM_SERVICE_NAME = 'platform.v1.PlatformService';

/** proto/platform.proto of the repository. */
export function platformProtoFile(start?: string): string {
  return join(protoDirectory(start, 'platform.proto'), 'platform.proto');
}

let cached: ServiceDefinition | undefined;
let cachedPackage: PackageDefinition | undefined;

/** proto/platform.proto with the standard health service: what server reflection describes, loaded once. */
export function reflectedPackageDefinition(): PackageDefinition {
  cachedPackage ??= loadSync([platformProtoFile(), healthProtoPath], PROTO_LOADER_OPTIONS);
  return cachedPackage;
}

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
