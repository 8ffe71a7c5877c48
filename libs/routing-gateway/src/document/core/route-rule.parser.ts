import { DocumentReader, describeValue, isPlainObject } from './document.reader';
import { compilePathPattern, isNeverProxied } from './path.matcher';
import { FallbackMode, HTTP_METHODS, HttpMethod, RULE_DEFAULTS, RouteMatch, RouteRule, Target } from './routing-document.model';

export const MAX_RULES = 500;
const RULE_KEYS = ['match', 'feature', 'target', 'fallback', 'timeoutMs'] as const;
const MATCH_KEYS = ['pathPrefix', 'pathPattern', 'methods'] as const;
const TARGETS: readonly Target[] = ['new', 'legacy', 'shadow'];
const FALLBACK_MODES: readonly FallbackMode[] = ['off', 'safe', 'always'];
const PATH_PREFIX = {
  pattern: /^\/(?!.*\/\/)(?!(.*\/)?\.\.?(\/|$))[A-Za-z0-9\-._~!$&'()+,;=@%:/]*$/,
  hint: 'a path starting with "/" without query, wildcards, "//" or dot segments',
};

export function readRouteRules(reader: DocumentReader, value: unknown, featureKeys: ReadonlySet<string>): RouteRule[] {
  return reader.list(value, 'rules', MAX_RULES).map((item, index) => readRouteRule(reader, item, `rules[${index}]`, featureKeys));
}

function readRouteRule(reader: DocumentReader, value: unknown, path: string, featureKeys: ReadonlySet<string>): RouteRule {
  const fields = reader.object(value, path, RULE_KEYS);
  // Reading the fields of a non-object would only add "is required" noise under the real problem.
  if (!isPlainObject(value)) return { match: { methods: [] }, target: 'legacy', fallback: 'off', timeoutMs: RULE_DEFAULTS.timeoutMs };
  const target = reader.oneOf(fields.target, `${path}.target`, TARGETS, RULE_DEFAULTS.target);
  const rule: RouteRule = {
    match: readRouteMatch(reader, fields.match, `${path}.match`),
    target,
    fallback: reader.oneOf(fields.fallback, `${path}.fallback`, FALLBACK_MODES, RULE_DEFAULTS.fallback),
    timeoutMs: reader.integer(fields.timeoutMs, `${path}.timeoutMs`, { min: 1, max: 300_000, fallback: RULE_DEFAULTS.timeoutMs }),
  };
  // A rule forcing legacy needs no feature; every other target is gated by one.
  if (fields.feature !== undefined || target !== 'legacy') {
    rule.feature = readFeatureReference(reader, fields.feature, `${path}.feature`, featureKeys);
  }
  return rule;
}

function readFeatureReference(reader: DocumentReader, value: unknown, path: string, featureKeys: ReadonlySet<string>): string {
  const key = reader.string(value, path);
  if (typeof value === 'string' && value !== '' && !featureKeys.has(key)) reader.report(path, `unknown feature "${key}"`);
  return key;
}

function readRouteMatch(reader: DocumentReader, value: unknown, path: string): RouteMatch {
  const fields = reader.object(value, path, MATCH_KEYS);
  const match: RouteMatch = { methods: readMethods(reader, fields.methods, `${path}.methods`) };
  const hasPrefix = fields.pathPrefix !== undefined;
  if (isPlainObject(value) && hasPrefix === (fields.pathPattern !== undefined)) {
    reader.report(path, `must have exactly one of pathPrefix and pathPattern, got ${hasPrefix ? 'both' : 'neither'}`);
  }
  if (hasPrefix) match.pathPrefix = readPathPrefix(reader, fields.pathPrefix, `${path}.pathPrefix`);
  if (fields.pathPattern !== undefined) match.pathPattern = readPathPattern(reader, fields.pathPattern, `${path}.pathPattern`);
  return match;
}

function readPathPrefix(reader: DocumentReader, value: unknown, path: string): string {
  const prefix = reader.string(value, path, PATH_PREFIX);
  if (PATH_PREFIX.pattern.test(prefix)) reportNeverProxied(reader, prefix, path);
  return prefix;
}

function readPathPattern(reader: DocumentReader, value: unknown, path: string): string {
  const pattern = reader.string(value, path);
  if (typeof value !== 'string' || value === '') return pattern;
  const compiled = compilePathPattern(pattern);
  if ('problems' in compiled) compiled.problems.forEach((problem) => reader.report(path, problem));
  else reportNeverProxied(reader, compiled.literalPrefix, path);
  return pattern;
}

/** A rule there could never match: Switchyard answers those paths itself. */
function reportNeverProxied(reader: DocumentReader, literalPath: string, path: string): void {
  if (literalPath !== '/' && isNeverProxied(literalPath))
    reader.report(path, `"${literalPath}" is served by Switchyard itself and never proxied`);
}

/** Absent means every method. */
function readMethods(reader: DocumentReader, value: unknown, path: string): HttpMethod[] {
  if (value === undefined) return [...HTTP_METHODS];
  const methods = reader.list(value, path, HTTP_METHODS.length * 2);
  if (Array.isArray(value) && value.length === 0) reader.report(path, 'must not be empty; leave it out to match every method');
  const valid: HttpMethod[] = [];
  methods.forEach((method, index) => {
    const known = HTTP_METHODS.find((candidate) => candidate === method);
    if (known && valid.includes(known)) reader.report(`${path}[${index}]`, `duplicate method ${known}`);
    else if (known) valid.push(known);
    else reader.report(`${path}[${index}]`, unknownMethodMessage(method));
  });
  return valid;
}

function unknownMethodMessage(method: unknown): string {
  const uppercase = typeof method === 'string' && HTTP_METHODS.some((candidate) => candidate === method.toUpperCase());
  const hint = uppercase ? ` (methods are uppercase: ${String(method).toUpperCase()})` : '';
  return `must be one of ${HTTP_METHODS.join(', ')}, got ${describeValue(method)}${hint}`;
}
