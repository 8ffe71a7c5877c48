import { SchemaMismatchError, missingSchema } from './schema.check';

describe('missingSchema', () => {
  const required = [
    { table: 'tenants', columns: ['id', 'slug'] },
    { table: 'spaces', columns: ['id', 'tenantId', 'description'] },
    { table: 'users', columns: ['id'] },
  ];

  it('should name every missing table and every missing column of the tables that exist', () => {
    const present = new Map([
      ['tenants', new Set(['id', 'slug'])],
      ['spaces', new Set(['id', 'name'])],
    ]);

    expect(missingSchema(required, present)).toEqual(['column spaces.tenantId', 'column spaces.description', 'table users']);
  });

  it('should find nothing missing when every column exists, whatever their case and whatever else the tables hold', () => {
    const present = new Map([
      ['tenants', new Set(['id', 'slug', 'legacy_flag'])],
      ['spaces', new Set(['id', 'tenantid', 'description'])],
      ['users', new Set(['id'])],
      ['legacy_only', new Set(['x'])],
    ]);

    expect(missingSchema(required, present)).toEqual([]);
  });

  it('should say in one message what is missing and what to do', () => {
    const error = new SchemaMismatchError(['table users', 'column spaces.description']);

    expect(error.message).toContain('table users, column spaces.description');
    expect(error.message).toContain('DATABASE_MIGRATIONS_RUN=false');
  });
});
