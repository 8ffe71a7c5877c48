import { Server, ServerUnaryCall, getChannelzHandlers, sendUnaryData } from '@grpc/grpc-js';

/** Answers one channelz query in-process: the handlers are plain functions that call back at once. */
function ask<Request, Response>(
  handler: (call: ServerUnaryCall<Request, Response>, callback: sendUnaryData<Response>) => void,
  request: Request,
): Response {
  let answer: Response | undefined;
  let failure: unknown;
  handler({ request } as ServerUnaryCall<Request, Response>, (error, response) => {
    failure = error;
    answer = response ?? undefined;
  });
  if (failure || answer === undefined) throw new Error(`channelz gave no answer: ${(failure as Error | null)?.message ?? 'none'}`);
  return answer;
}

/**
 * The TCP port a bound grpc-js Server listens on (the one the OS picked for port 0). grpc-js reports it only
 * to the bindAsync callback, which Nest's ServerGrpc keeps to itself, so it is read back from the server's
 * channelz entry (grpc-js's public introspection API, on unless `grpc.enable_channelz` is 0).
 */
export function listeningPort(server: Server): number {
  const handlers = getChannelzHandlers();
  const { server: entry } = ask(handlers.GetServer, { server_id: String(server.getChannelzRef().id) });
  for (const listener of entry?.listen_socket ?? []) {
    const { socket } = ask(handlers.GetSocket, { socket_id: String(listener.socket_id), summary: true });
    const port = socket?.local?.tcpip_address?.port;
    if (port) return port;
  }
  throw new Error('The gRPC server has no TCP listener (is grpc.enable_channelz 0?)');
}
