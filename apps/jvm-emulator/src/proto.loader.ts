import * as grpc from '@grpc/grpc-js';
import * as protoLoader from '@grpc/proto-loader';
import { PROTO_LOADER_OPTIONS, protoDirectory } from '@switchyard/common';
import type { CalciteServiceClient, ClientConstructor, SyncServiceClient } from './proto.types';

export const CALCITE_SERVICE_NAME = 'calcite.v1.CalciteService';
export const SYNC_SERVICE_NAME = 'seatunnel.v1.SyncService';

// The options every Switchyard client uses, so the emulator sees the same message shapes.

export interface JvmProtos {
  protoDirectory: string;
  calcite: { service: grpc.ServiceDefinition; Client: ClientConstructor<CalciteServiceClient> };
  seatunnel: { service: grpc.ServiceDefinition; Client: ClientConstructor<SyncServiceClient> };
}

/** The repository's `proto/` folder: the same code runs from src (ts-node, Jest) and dist. */
export const findProtoDirectory = (startDirectory: string = __dirname): string => protoDirectory(startDirectory);

let cachedProtos: JvmProtos | undefined;

/** Loads calcite.proto and seatunnel.proto once per process; tests and the server share the result. */
export function loadJvmProtos(): JvmProtos {
  cachedProtos ??= loadProtosFrom(findProtoDirectory());
  return cachedProtos;
}

function loadProtosFrom(protoDirectory: string): JvmProtos {
  const packageDefinition = protoLoader.loadSync(['calcite.proto', 'seatunnel.proto'], {
    ...PROTO_LOADER_OPTIONS,
    includeDirs: [protoDirectory],
  });
  const grpcObject = grpc.loadPackageDefinition(packageDefinition);
  const calciteClient = lookupClient<CalciteServiceClient>(grpcObject, CALCITE_SERVICE_NAME);
  const syncClient = lookupClient<SyncServiceClient>(grpcObject, SYNC_SERVICE_NAME);
  return {
    protoDirectory,
    calcite: { service: calciteClient.service, Client: calciteClient },
    seatunnel: { service: syncClient.service, Client: syncClient },
  };
}

function lookupClient<Client extends grpc.Client>(grpcObject: grpc.GrpcObject, qualifiedName: string): ClientConstructor<Client> {
  let node: grpc.GrpcObject[string] | undefined = grpcObject;
  for (const part of qualifiedName.split('.')) {
    node = isNamespace(node) ? node[part] : undefined;
  }
  if (typeof node !== 'function') throw new Error(`Service ${qualifiedName} is not defined in the loaded protos`);
  // The generic client carries exactly the methods of the service definition, which ClientConstructor types.
  return node as unknown as ClientConstructor<Client>;
}

function isNamespace(node: grpc.GrpcObject[string] | undefined): node is grpc.GrpcObject {
  return typeof node === 'object' && node !== null && !('format' in node);
}
