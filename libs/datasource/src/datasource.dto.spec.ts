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

  it('should refuse nested or non-scalar option values, naming the key but not the value', async () => {
    const errors = await fieldErrorsOf(CreateDatasourceDto, { ...valid, options: { ssl: { ca: 'secret-ca' }, hosts: ['a'], ok: 1 } });

    expect(fieldsOf(errors)).toEqual(['options']);
    expect(errors[0]!.reason).toContain('options.ssl must be');
    expect(errors[0]!.reason).toContain('options.hosts must be');
    expect(errors[0]!.reason).not.toContain('secret-ca');
  });

  it('should refuse options that are not an object', async () => {
    const errors = await fieldErrorsOf(CreateDatasourceDto, { ...valid, options: ['useSSL'] });

    expect(fieldsOf(errors)).toEqual(['options']);
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
