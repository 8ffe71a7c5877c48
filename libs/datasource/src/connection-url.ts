import { isIPv6 } from 'node:net';
import type { DatasourceType } from '@switchyard/database';

export interface ConnectionTarget {
  type: DatasourceType;
  host: string;
  port: number;
  databaseName: string;
}

/**
 * Where SeaTunnel reads or writes, as `type://host:port/database`; credentials and driver options are not
 * part of it. The rules already keep every part to safe characters; the encoding is the second line.
 */
export function connectionUrl(target: ConnectionTarget): string {
  // An IPv6 literal needs brackets, or its colons read as the port separator.
  const host = isIPv6(target.host) ? `[${target.host}]` : target.host;
  return `${target.type}://${host}:${target.port}/${encodePathSegment(target.databaseName)}`;
}

// RFC 3986 lets '$' stand in a path segment; encodeURIComponent would turn a database named a$b into a%24b.
function encodePathSegment(segment: string): string {
  return encodeURIComponent(segment).replace(/%24/g, '$');
}
