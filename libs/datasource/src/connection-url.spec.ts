import { connectionUrl } from './connection-url';

describe(connectionUrl.name, () => {
  it('should build type://host:port/database', () => {
    const url = connectionUrl({ type: 'mysql', host: 'orders-db.internal', port: 3306, databaseName: 'orders' });

    expect(url).toBe('mysql://orders-db.internal:3306/orders');
  });

  it('should put an IPv6 literal in brackets so its colons are not read as the port', () => {
    const urls = [
      connectionUrl({ type: 'postgresql', host: 'fd12:3456::7', port: 5432, databaseName: 'sales' }),
      connectionUrl({ type: 'mysql', host: '::ffff:10.0.0.1', port: 3306, databaseName: 'sales' }),
      connectionUrl({ type: 'mysql', host: '10.0.0.1', port: 3306, databaseName: 'sales' }),
    ];

    expect(urls).toEqual(['postgresql://[fd12:3456::7]:5432/sales', 'mysql://[::ffff:10.0.0.1]:3306/sales', 'mysql://10.0.0.1:3306/sales']);
  });

  it('should keep $ and percent-encode anything that could end the path, should a name ever slip past the rules', () => {
    const urls = [
      connectionUrl({ type: 'mysql', host: 'db', port: 3306, databaseName: 'sales$eu' }),
      connectionUrl({ type: 'mysql', host: 'db', port: 3306, databaseName: 'db?allowLoadLocalInfile=true&x=1/..#' }),
    ];

    expect(urls).toEqual(['mysql://db:3306/sales$eu', 'mysql://db:3306/db%3FallowLoadLocalInfile%3Dtrue%26x%3D1%2F..%23']);
  });
});
