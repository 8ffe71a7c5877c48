import { PackageDefinition, loadSync } from '@grpc/proto-loader';
import { PROTO_LOADER_OPTIONS, protoDirectory } from '@switchyard/common';
import { protoPath as healthProtoPath } from 'grpc-health-check';
import { join } from 'node:path';

export const PLATFORM_PACKAGE = 'platform.v1';
export const PLATFORM_SERVICE_NAME = `${PLATFORM_PACKAGE}.PlatformService`;

/** proto/platform.proto of the repository. */
export function platformProtoFile(start?: string): string {
  return join(protoDirectory(start, 'platform.proto'), 'platform.proto');
}

let cached: PackageDefinition | undefined;

/**
 * proto/platform.proto with the standard health service, loaded once: Nest serves its platform.v1 package
 * and server reflection describes all of it.
 */
export function platformPackageDefinition(): PackageDefinition {
  cached ??= loadSync([platformProtoFile(), healthProtoPath], PROTO_LOADER_OPTIONS);
  return cached;
}
