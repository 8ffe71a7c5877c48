import { join } from 'node:path';
import { findProtoDirectory, loadJvmProtos } from './proto.loader';

const REPOSITORY_ROOT = join(__dirname, '..', '..', '..');

describe(findProtoDirectory.name, () => {
  it('should find the repository proto folder from a folder deep below it, as in dist', () => {
    const startDirectory = join(REPOSITORY_ROOT, 'dist', 'apps', 'jvm-emulator', 'src');

    const protoDirectory = findProtoDirectory(startDirectory);

    expect(protoDirectory).toBe(join(REPOSITORY_ROOT, 'proto'));
  });

  it('should say where it looked when no proto folder is above it', () => {
    const find = () => findProtoDirectory('/');

    expect(find).toThrow('No proto/calcite.proto found in / or any folder above it');
  });
});

describe(loadJvmProtos.name, () => {
  it('should load both services with their methods and client constructors', () => {
    const protos = loadJvmProtos();

    const paths = [protos.calcite.service, protos.seatunnel.service].flatMap((service) =>
      Object.values(service).map((method) => method.path),
    );
    expect(paths).toEqual([
      '/calcite.v1.CalciteService/ParseSQL',
      '/calcite.v1.CalciteService/ValidateSQL',
      '/seatunnel.v1.SyncService/SubmitTask',
      '/seatunnel.v1.SyncService/GetTaskStatus',
      '/seatunnel.v1.SyncService/CancelTask',
    ]);
    expect(protos.calcite.Client.service).toBe(protos.calcite.service);
    expect(protos.seatunnel.Client.service).toBe(protos.seatunnel.service);
  });
});
