import { SqlAnalyzer, resolveDialect } from './sql.analyzer';

describe(SqlAnalyzer.name, () => {
  let sut: SqlAnalyzer;

  beforeEach(() => {
    sut = new SqlAnalyzer();
  });

  describe('analyze', () => {
    it.each([
      ['SELECT id FROM users', 'SELECT'],
      ['INSERT INTO users (id) VALUES (1)', 'INSERT'],
      ['UPDATE users SET name = "x" WHERE id = 1', 'UPDATE'],
      ['DELETE FROM users WHERE id = 1', 'DELETE'],
      ['CREATE TABLE users (id INT)', 'CREATE'],
      ['ALTER TABLE users ADD COLUMN age INT', 'ALTER'],
      ['DROP TABLE users', 'DROP'],
    ])('should report %j as a %s statement', (sql, statementType) => {
      const analysis = sut.analyze(sql);

      expect(analysis).toMatchObject({ valid: true, statementType, errors: [] });
    });

    it('should report the type of the first statement when several are sent', () => {
      const analysis = sut.analyze('INSERT INTO audit (id) VALUES (1); SELECT * FROM users');

      expect(analysis).toEqual({ valid: true, statementType: 'INSERT', tables: ['audit', 'users'], errors: [] });
    });

    it('should list the tables of a join once each, in order, qualifying those with a schema', () => {
      const sql = 'SELECT o.id FROM orders o JOIN analytics.customers c ON c.id = o.customer_id JOIN orders again ON again.id = o.id';

      const analysis = sut.analyze(sql);

      expect(analysis.tables).toEqual(['orders', 'analytics.customers']);
    });

    it('should leave common table expressions out of the tables', () => {
      const analysis = sut.analyze('WITH recent AS (SELECT * FROM orders) SELECT * FROM recent JOIN customers ON 1 = 1');

      expect(analysis.tables).toEqual(['orders', 'customers']);
    });

    it('should answer no tables for a statement without any', () => {
      const analysis = sut.analyze('SHOW TABLES');

      expect(analysis).toEqual({ valid: true, statementType: 'SHOW', tables: [], errors: [] });
    });

    it('should point at the line and column of a syntax error in a multi-line statement', () => {
      const analysis = sut.analyze('SELECT id\nFROM orders\nWHERE id = = 3');

      expect(analysis).toEqual({
        valid: false,
        statementType: '',
        tables: [],
        errors: [{ line: 3, column: 12, message: 'Unexpected "="' }],
      });
    });

    it('should count leading blank lines in the error location', () => {
      const analysis = sut.analyze('\n\nSELECT * FROM');

      expect(analysis.errors).toEqual([{ line: 3, column: 14, message: 'Unexpected end of SQL' }]);
    });

    it.each(['', '   \n\t'])('should reject empty SQL %j with an error at 1:1', (sql) => {
      const analysis = sut.analyze(sql);

      expect(analysis).toEqual({ valid: false, statementType: '', tables: [], errors: [{ line: 1, column: 1, message: 'SQL is empty' }] });
    });

    it('should reject SQL that holds only a comment', () => {
      const analysis = sut.analyze('-- nothing to run');

      expect(analysis.errors).toEqual([{ line: 1, column: 1, message: 'SQL contains no statement' }]);
    });

    it('should parse with the requested dialect', () => {
      const sql = "SELECT id FROM users WHERE name ILIKE 'a%'";

      const analysis = sut.analyze(sql, 'postgresql');

      expect(analysis).toEqual({ valid: true, statementType: 'SELECT', tables: ['users'], errors: [] });
    });

    it('should parse with MySQL when no dialect is given, naming the word it stopped at', () => {
      const sql = "SELECT id FROM users WHERE name ILIKE 'a%'";

      const analysis = sut.analyze(sql);

      expect(analysis.errors).toEqual([{ line: 1, column: 33, message: 'Unexpected "ILIKE"' }]);
    });
  });
});

describe(resolveDialect.name, () => {
  it.each([
    ['', 'mysql'],
    ['PostgreSQL', 'postgresql'],
    ['postgres', 'postgresql'],
    ['mssql', 'transactsql'],
    ['hive', 'hive'],
    ['oracle', 'mysql'],
  ])('should resolve %j to %s', (dialect, expected) => {
    const resolved = resolveDialect(dialect);

    expect(resolved).toBe(expected);
  });
});
