import type { Options } from '@grpc/proto-loader';
import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';

/** The options every Switchyard gRPC party loads protos with, so both sides see the same message shapes. */
export const PROTO_LOADER_OPTIONS: Options = { keepCase: false, longs: Number, enums: String, defaults: true, oneofs: true };

/** The repository's proto/ folder, found by walking up, so ts-node, Jest and dist all resolve it. */
export function protoDirectory(startDirectory: string = __dirname, marker = 'calcite.proto'): string {
  for (let directory = startDirectory; ; directory = dirname(directory)) {
    const candidate = join(directory, 'proto');
    if (existsSync(join(candidate, marker))) return candidate;
    if (dirname(directory) === directory) throw new Error(`No proto/${marker} found in ${startDirectory} or any folder above it`);
  }
}
