import { Server, ServerCredentials } from '@grpc/grpc-js';
import { listeningPort } from './listening-port';

describe(listeningPort.name, () => {
  it('should read back the port the OS picked for a server bound to port 0', async () => {
    const server = new Server();
    const bound = await new Promise<number>((resolve, reject) =>
      server.bindAsync('127.0.0.1:0', ServerCredentials.createInsecure(), (error, port) => (error ? reject(error) : resolve(port))),
    );

    const port = listeningPort(server);

    server.forceShutdown();
    expect(port).toBe(bound);
  });

  it('should say so when the server listens nowhere', () => {
    const server = new Server();

    const act = () => listeningPort(server);

    expect(act).toThrow(/no TCP listener/);
  });
});
