import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { buildDataSourceOptions } from './data-source.options';
import { MIGRATIONS } from './migrations';

describe(buildDataSourceOptions.name, () => {
  it('should never synchronize the MySQL schema: migrations own it', () => {
    const options = buildDataSourceOptions({
      kind: 'mysql',
      url: 'mysql://db/app',
      poolSize: 7,
      acquireTimeoutMs: 1500,
      migrationsRun: true,
      logging: false,
    });

    expect(options).toMatchObject({ type: 'mysql', synchronize: false, migrationsRun: false, migrations: MIGRATIONS, poolSize: 7 });
    expect((options as { extra: object }).extra).toMatchObject({ connectionLimit: 7, connectTimeout: 1500 });
  });

  it('should build the embedded SQLite schema from the entities and create its folder', () => {
    const directory = mkdtempSync(join(tmpdir(), 'swy-options-'));
    const path = join(directory, 'nested', 'db.sqlite');

    const options = buildDataSourceOptions({ kind: 'sqlite', path, logging: false });

    expect(options).toMatchObject({ type: 'better-sqlite3', database: path, synchronize: true });
    rmSync(directory, { recursive: true, force: true });
  });
});
