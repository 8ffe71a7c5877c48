import { DatasourceEntity } from '@switchyard/database';
import { FieldError, ValidationFailedException, createValidationPipe } from '@switchyard/errors';
import { CreateDatasourceDto, DatasourceDto, UpdateDatasourceDto } from './datasource.dto';

const valid = { name: 'Orders replica', type: 'mysql', host: 'db.internal', port: 3306, database: 'orders' };

/** Runs a body through the app's own validation pipe and returns the field errors it would answer with. */
async function fieldErrorsOf(metatype: typeof CreateDatasourceDto | typeof UpdateDatasourceDto, body: object): Promise<FieldError[]> {
  try {
    await createValidationPipe().transform(body, { type: 'body', metatype });
    return [];
  } catch (error) {
    if (error instanceof ValidationFailedException) return error.fieldErrors;
    throw error;
  }
}

const fieldsOf = (errors: FieldError[]): string[] => [...new Set(errors.map((error) => error.field))];

describe(CreateDatasourceDto.name, () => {
  it('should accept a minimal definition', async () => {
    const errors = await fieldErrorsOf(CreateDatasourceDto, valid);

    expect(errors).toEqual([]);
  });

  it('should accept IPv4 and IPv6 hosts and flat options', async () => {
    const errors = await Promise.all([
      fieldErrorsOf(CreateDatasourceDto, { ...valid, host: '10.0.0.12' }),
      fieldErrorsOf(CreateDatasourceDto, { ...valid, host: '::1', options: { useSSL: true, connectTimeout: 10, charset: 'utf8mb4' } }),
    ]);

    expect(errors).toEqual([[], []]);
  });

  it('should name each bad field', async () => {
    const errors = await fieldErrorsOf(CreateDatasourceDto, {
      name: ' padded',
      type: 'mongodb',
      host: 'bad host!',
      port: 70000,
      database: '',
      password: 'x'.repeat(1025),
    });

    expect(fieldsOf(errors).sort()).toEqual(['database', 'host', 'name', 'password', 'port', 'type']);
  });

  it('should refuse a port outside 1-65535 and a dotted number that is not an IP', async () => {
    const errors = await Promise.all([
      fieldErrorsOf(CreateDatasourceDto, { ...valid, port: 0 }),
      fieldErrorsOf(CreateDatasourceDto, { ...valid, port: 3306.5 }),
      fieldErrorsOf(CreateDatasourceDto, { ...valid, host: '300.1.1.1' }),
    ]);

    expect(errors.map(fieldsOf)).toEqual([['port'], ['port'], ['host']]);
  });

  it('should refuse option keys outside the supported list, naming the key but never the value', async () => {
    const errors = await fieldErrorsOf(CreateDatasourceDto, {
      ...valid,
      options: { allowLoadLocalInfile: true, autoDeserialize: true, socketFactory: 'secret-factory', useSSL: true },
    });

    expect(fieldsOf(errors)).toEqual(['options']);
    expect(errors.map((error) => error.reason)).toEqual([
      'options.allowLoadLocalInfile is not a supported option; options.autoDeserialize is not a supported option; ' +
        'options.socketFactory is not a supported option',
    ]);
    expect(JSON.stringify(errors)).not.toContain('secret-factory');
  });

  it('should refuse values outside what each supported option allows, without echoing them', async () => {
    const errors = await fieldErrorsOf(CreateDatasourceDto, {
      ...valid,
      options: {
        useSSL: 'true',
        connectTimeout: -1,
        sslmode: 'require&x=1',
        charset: 'utf8;x',
        serverTimezone: 'UTC?a=b',
        ssl: { ca: 'secret-ca' },
      },
    });

    expect(fieldsOf(errors)).toEqual(['options']);
    expect(errors[0]!.reason.split('; ')).toEqual([
      'options.useSSL must be a boolean',
      'options.connectTimeout must be an integer from 0 to 600000',
      'options.sslmode must be one of disable, allow, prefer, require, verify-ca, verify-full',
      "options.charset must be 1-32 letters, digits, '_' or '-'",
      'options.serverTimezone must be a time zone name or offset',
      'options.ssl is not a supported option',
    ]);
    expect(errors[0]!.reason).not.toMatch(/secret-ca|x=1|a=b/);
  });

  it('should refuse hosts that carry a scheme, user, port, path, parameters or brackets, saying what is wrong', async () => {
    const hosts = [
      'mysql://db.internal',
      'user@db.internal',
      'db.internal:3306',
      'db.internal/orders',
      'db.internal?allowLoadLocalInfile=true',
      'db.internal&x=1',
      'db internal',
      '[::1]',
      'fe80::1%eth0',
      'db_internal.example',
      '-db.internal',
      'db.internal.',
      `${'a'.repeat(64)}.internal`,
      `${'abcdefghi.'.repeat(26)}com`,
    ];

    const reasons = await Promise.all(
      hosts.map(async (host) => (await fieldErrorsOf(CreateDatasourceDto, { ...valid, host })).map((error) => [error.field, error.reason])),
    );

    expect(reasons).toEqual([
      [['host', 'host must not carry a scheme']],
      [['host', 'host must not carry user information']],
      [['host', 'host must not carry a port (use port)']],
      [['host', 'host must not carry a path, query or parameters']],
      [['host', 'host must not carry a path, query or parameters']],
      [['host', 'host must not carry a path, query or parameters']],
      [['host', expect.stringContaining('host must be a DNS name of dot-separated labels')]],
      [['host', 'host must be an IPv6 address without brackets']],
      [['host', 'host must not carry an IPv6 zone index or percent-encoding']],
      [['host', expect.stringContaining('host must be a DNS name of dot-separated labels')]],
      [['host', expect.stringContaining('host must be a DNS name of dot-separated labels')]],
      [['host', expect.stringContaining('host must be a DNS name of dot-separated labels')]],
      [['host', expect.stringContaining('host must be a DNS name of dot-separated labels')]],
      [['host', 'host must be at most 253 characters']],
    ]);
  });

  it('should refuse names a resolver would read as an IPv4 address in another notation', async () => {
    const errors = await Promise.all(
      ['127.1', '2130706433', '0x7f.0.0.1', '0177.0.0.1', '127.000.0.1', 'db.0x1'].map((host) =>
        fieldErrorsOf(CreateDatasourceDto, { ...valid, host }),
      ),
    );

    expect(errors.map(fieldsOf)).toEqual(Array(6).fill(['host']));
    expect(errors[0]![0]!.reason).toBe('host must be a DNS name or an IPv4 address in dotted-decimal form');
  });

  it('should accept DNS names, single labels and IPv4-mapped IPv6 literals (the egress policy judges the address)', async () => {
    const errors = await Promise.all(
      ['orders-db.internal', 'mysql', 'DB-1.Example.COM', '::ffff:10.0.0.1', '2001:db8::7', '192.168.10.4'].map((host) =>
        fieldErrorsOf(CreateDatasourceDto, { ...valid, host }),
      ),
    );

    expect(errors).toEqual(Array(6).fill([]));
  });

  it('should refuse database names that could add a parameter, a path or a second statement to a connection string', async () => {
    const databases = ['db?allowLoadLocalInfile=true', 'db&x=1', 'a/b', 'db;x', 'db#x', 'db x', '-db', 'db.table', 'a'.repeat(65), 'dß'];

    const errors = await Promise.all(databases.map((database) => fieldErrorsOf(CreateDatasourceDto, { ...valid, database })));

    expect(errors.map(fieldsOf)).toEqual(Array(databases.length).fill(['database']));
    expect(errors[0]![0]!.reason).toBe("database must be 1-64 letters, digits, '_', '$' or '-', not starting with '-'");
  });

  it('should accept database names of letters, digits, _, $ and -', async () => {
    const errors = await Promise.all(
      ['orders', 'ORDERS_2026', 'sales$eu', 'data-lake', '_staging', 'a'.repeat(64)].map((database) =>
        fieldErrorsOf(CreateDatasourceDto, { ...valid, database }),
      ),
    );

    expect(errors).toEqual(Array(6).fill([]));
  });

  it('should refuse usernames with separators and accept cloud-style logins', async () => {
    const refused = await Promise.all(
      ['admin;drop', 'a&b', 'a=b', 'a b', 'a/b', 'a:b', '@admin'].map((username) =>
        fieldErrorsOf(CreateDatasourceDto, { ...valid, username }),
      ),
    );
    const accepted = await Promise.all(
      ['reporting', 'svc.sync', 'reader@orders-server', 'u$1', ''].map((username) =>
        fieldErrorsOf(CreateDatasourceDto, { ...valid, username }),
      ),
    );

    expect(refused.map(fieldsOf)).toEqual(Array(7).fill(['username']));
    expect(accepted).toEqual(Array(5).fill([]));
  });

  it('should refuse unknown fields such as a client-chosen ciphertext', async () => {
    const errors = await fieldErrorsOf(CreateDatasourceDto, { ...valid, passwordCiphertext: 'forged' });

    expect(fieldsOf(errors)).toEqual(['passwordCiphertext']);
  });
});

describe(UpdateDatasourceDto.name, () => {
  it('should accept an empty change and a null password (removal)', async () => {
    const errors = await Promise.all([fieldErrorsOf(UpdateDatasourceDto, {}), fieldErrorsOf(UpdateDatasourceDto, { password: null })]);

    expect(errors).toEqual([[], []]);
  });

  it('should apply the same host, database, username and options rules to a change', async () => {
    const errors = await fieldErrorsOf(UpdateDatasourceDto, {
      host: 'db.internal?x=1',
      database: 'db&x=1',
      username: 'a;b',
      options: { allowUrlInLocalInfile: true },
    });

    expect(fieldsOf(errors).sort()).toEqual(['database', 'host', 'options', 'username']);
  });

  it('should refuse null for fields the row requires', async () => {
    const errors = await fieldErrorsOf(UpdateDatasourceDto, { name: null, port: null, host: null, options: null });

    expect(fieldsOf(errors).sort()).toEqual(['host', 'name', 'options', 'port']);
  });
});

describe(DatasourceDto.name, () => {
  describe('from', () => {
    it('should copy no secret or internal field of the entity', () => {
      const entity = {
        id: 'd-1',
        tenantId: 'tenant-internal',
        spaceId: 's-1',
        name: 'n',
        type: 'postgresql',
        host: 'h',
        port: 5432,
        databaseName: 'db',
        username: 'u',
        passwordCiphertext: 'CIPHERTEXT',
        passwordKeyId: 'KEY-ID',
        options: {},
        createdBy: 'u-1',
        createdAt: new Date(0),
        updatedAt: new Date(0),
      } as DatasourceEntity;

      const dto = DatasourceDto.from(entity);

      expect(JSON.stringify(dto)).not.toMatch(/CIPHERTEXT|KEY-ID|tenant-internal/);
      expect(dto).toMatchObject({ database: 'db', hasPassword: true });
    });
  });
});
