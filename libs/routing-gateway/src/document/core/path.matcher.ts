/** Switchyard's own endpoints: never proxied, whatever the rules say. */
// Prefixes match whole segments, so the OpenAPI document's own paths are listed beside /docs;
// /console is the migration console's static page, served by every node itself.
export const NEVER_PROXIED_PREFIXES: readonly string[] = [
  '/api/v1/auth',
  '/api/v1/admin',
  '/health',
  '/metrics',
  '/docs',
  '/docs-json',
  '/docs-yaml',
  '/console',
];

const PARAMETER = /^:([A-Za-z_][A-Za-z0-9_]*)$/;
const LITERAL = /^[A-Za-z0-9\-._~!$&'()+,;=@%]+$/;
const NORMALIZING_BASE = 'http://routing.invalid';

export interface CompiledPathPattern {
  regex: RegExp;
  parameterNames: string[];
  /** The literal segments before the first parameter or wildcard, e.g. `/api/v1/spaces`. */
  literalPrefix: string;
}

// Characters a path may hold as it is: what the URL parser would leave alone (no %, \\, #, ? or spaces).
const CANONICAL_CHARACTER = new Uint8Array(128);
for (const character of "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-._~!$&'()*+,;=:@/")
  CANONICAL_CHARACTER[character.charCodeAt(0)] = 1;
const SLASH = 47;
const DOT = 46;

/** True when the URL parser would return the path unchanged: plain characters, no `//`, no segment starting with a dot. */
function isCanonicalPath(path: string): boolean {
  if (path.charCodeAt(0) !== SLASH) return false;
  let previous = SLASH;
  for (let index = 1; index < path.length; index += 1) {
    const code = path.charCodeAt(index);
    if (code > 127 || CANONICAL_CHARACTER[code] === 0) return false;
    if (previous === SLASH && (code === SLASH || code === DOT)) return false;
    previous = code;
  }
  return true;
}

/**
 * Canonical form used for matching: no query or fragment, single slashes, dot segments resolved
 * (also percent-encoded ones), so `/api/v1/spaces/%2e%2e/admin` cannot dodge the never-proxied list.
 * Most paths are canonical already and are only checked, not parsed.
 */
export function normalizeRequestPath(rawPath: string): string {
  const query = rawPath.indexOf('?');
  const path = query === -1 ? rawPath : rawPath.slice(0, query);
  if (isCanonicalPath(path)) return path;
  const withoutQuery = path.split('#', 1)[0] ?? '';
  const collapsed = `/${withoutQuery}`.replace(/[/\\]{2,}/g, '/');
  try {
    return new URL(collapsed, NORMALIZING_BASE).pathname;
  } catch {
    return collapsed;
  }
}

/** Prefixes match whole segments: `/api/v1/spaces` matches `/api/v1/spaces/x` but not `/api/v1/spaces-old`. */
export function matchesPathPrefix(path: string, prefix: string): boolean {
  if (prefix === '/' || path === prefix) return true;
  if (!path.startsWith(prefix)) return false;
  return prefix.endsWith('/') || path.charCodeAt(prefix.length) === SLASH;
}

export function isNeverProxied(path: string): boolean {
  for (const prefix of NEVER_PROXIED_PREFIXES) if (matchesPathPrefix(path, prefix)) return true;
  return false;
}

/**
 * Path templates: literal segments match exactly, `:name` matches one segment and captures it,
 * `*` matches one segment, and a final `**` matches zero or more segments. A trailing slash on the
 * request is tolerated. Returns the problems instead when the template is invalid.
 */
export function compilePathPattern(pattern: string): CompiledPathPattern | { problems: string[] } {
  if (!pattern.startsWith('/')) return { problems: ['must start with "/"'] };
  const segments = pattern === '/' ? [] : pattern.slice(1).split('/');
  const problems: string[] = [];
  const parameterNames: string[] = [];
  const parts = segments.map((segment, index) => compileSegment(segment, index === segments.length - 1, parameterNames, problems));
  if (problems.length > 0) return { problems };
  const firstDynamic = segments.findIndex((segment) => segment.startsWith(':') || segment.startsWith('*'));
  const literalSegments = firstDynamic === -1 ? segments : segments.slice(0, firstDynamic);
  return {
    regex: new RegExp(`^${parts.join('')}/?$`),
    parameterNames,
    literalPrefix: `/${literalSegments.join('/')}`,
  };
}

function compileSegment(segment: string, last: boolean, parameterNames: string[], problems: string[]): string {
  if (segment === '**') {
    if (!last) problems.push('"**" is only allowed as the last segment');
    return '(?:/.*)?';
  }
  if (segment === '*') return '/[^/]+';
  const parameter = PARAMETER.exec(segment);
  if (parameter) {
    const name = parameter[1] as string;
    if (parameterNames.includes(name)) problems.push(`parameter ":${name}" appears twice`);
    parameterNames.push(name);
    return '/([^/]+)';
  }
  if (segment === '') problems.push('empty segment (double or trailing slash)');
  else if (!LITERAL.test(segment)) problems.push(`segment "${segment}" is neither a literal, ":name", "*" nor "**"`);
  return `/${segment.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}`;
}

/** The captured parameters, percent-decoded, or undefined when the path does not match. */
export function matchPathPattern(compiled: CompiledPathPattern, path: string): Record<string, string> | undefined {
  const match = compiled.regex.exec(path);
  if (!match) return undefined;
  // fromEntries defines own properties, so a parameter named __proto__ cannot touch the prototype.
  return Object.fromEntries(compiled.parameterNames.map((name, index) => [name, decodeSegment(match[index + 1] as string)]));
}

function decodeSegment(segment: string): string {
  try {
    return decodeURIComponent(segment);
  } catch {
    return segment;
  }
}
