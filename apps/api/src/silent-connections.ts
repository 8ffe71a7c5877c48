import { FastifyInstance } from 'fastify';
import { Socket } from 'node:net';

/**
 * Node's `server.close()` closes idle keep-alive connections but not one that was opened and never sent a
 * byte (a client's spare or speculative connection): the server waited for it until the client gave up
 * (68 s seen in tests). Such a connection carries nothing to drain, so it is closed when the app closes.
 */
export function closeSilentConnectionsOnClose(fastify: FastifyInstance): void {
  const open = new Set<Socket>();
  fastify.server.on('connection', (socket: Socket) => {
    open.add(socket);
    socket.once('close', () => open.delete(socket));
  });
  fastify.addHook('preClose', (done) => {
    for (const socket of open) if (socket.bytesRead === 0) socket.destroy();
    done();
  });
}
