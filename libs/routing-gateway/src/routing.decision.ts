import { KillSwitchLookup, RoutingIdentity } from './kill-switch.registry';
import {
  CompiledPathPattern,
  compilePathPattern,
  isNeverProxied,
  matchPathPattern,
  matchesPathPrefix,
  normalizeRequestPath,
} from './path.matcher';
import { bucketOf, isBucketInRollout } from './rollout.bucket';
import { FallbackMode, FeatureToggle, RouteRule, RoutingDocument, Target } from './routing-document.model';

export interface RoutingRequest {
  method: string;
  /** The request path; a query string is ignored. */
  path: string;
  /** From the verified JWT. */
  tenant?: { id: string; slug?: string };
  /** From `X-Space-Id`; a `:spaceId` captured by the rule's pathPattern wins over it. */
  spaceId?: string;
}

export type FeatureReason =
  | 'feature-unknown'
  | 'feature-disabled'
  | 'kill-switch'
  | 'tenant-denied'
  | 'space-denied'
  | 'tenant-allowed'
  | 'space-allowed'
  | 'percentage-in'
  | 'percentage-out'
  | 'no-identity';

export type DecisionReason = 'never-proxied' | 'no-rule' | 'rule-forces-legacy' | FeatureReason;

/** Lists name tenants by id or slug; the sticky bucket and kill-switch scopes use the id only. */
export interface FeatureIdentity extends RoutingIdentity {
  tenantSlug?: string;
}

export interface FeatureVerdict {
  on: boolean;
  reason: FeatureReason;
  /** The sticky bucket in [0, 100), when the percentage was consulted. */
  bucket?: number;
}

export interface RouteDecision {
  target: Target;
  reason: DecisionReason;
  /** The normalized path the rules were matched against. */
  path: string;
  ruleIndex?: number;
  /** The matched rule's pathPrefix or pathPattern: a stable key for metrics and the shadow report. */
  routeKey?: string;
  feature?: string;
  /** Only a `new` target can fall back; every other decision says `off`. */
  fallback: FallbackMode;
  /** The matched rule's upstream timeout; absent when no rule matched. */
  timeoutMs?: number;
  tenantId?: string;
  spaceId?: string;
  /** Captured by the rule's pathPattern. */
  parameters: Record<string, string>;
  bucket?: number;
}

const compiledPatterns = new Map<string, CompiledPathPattern | undefined>();
const MAX_COMPILED_PATTERNS = 1_000;

/**
 * The per-request routing decision: pure and deterministic for a given document and kill-switch state.
 * Order: never-proxied paths, first matching rule (else `document.default`), rule forcing legacy,
 * feature existence and `enabled`, kill switch, deny lists, allow lists, sticky percentage.
 */
export function decideRoute(document: RoutingDocument, request: RoutingRequest, killSwitches?: KillSwitchLookup): RouteDecision {
  const path = normalizeRequestPath(request.path);
  const tenantId = nonEmpty(request.tenant?.id);
  const unmatched = { path, fallback: 'off', tenantId, spaceId: nonEmpty(request.spaceId), parameters: {} } as const;
  if (isNeverProxied(path)) return { ...unmatched, target: 'new', reason: 'never-proxied' };
  const match = findMatchingRule(document.rules, request.method.toUpperCase(), path);
  if (!match) return { ...unmatched, target: document.default, reason: 'no-rule' };
  const { rule, index, parameters } = match;
  const spaceId = nonEmpty(parameters.spaceId) ?? nonEmpty(request.spaceId);
  const base = { path, ruleIndex: index, routeKey: routeKeyOf(rule), feature: rule.feature, timeoutMs: rule.timeoutMs };
  const identity = { tenantId, spaceId, parameters };
  if (rule.target === 'legacy') return { ...base, ...identity, target: 'legacy', reason: 'rule-forces-legacy', fallback: 'off' };
  const feature = document.features.find((candidate) => candidate.key === rule.feature);
  const verdict = evaluateFeature(feature, { tenantId, tenantSlug: request.tenant?.slug, spaceId }, killSwitches);
  const target = verdict.on ? rule.target : 'legacy';
  return {
    ...base,
    ...identity,
    target,
    reason: verdict.reason,
    fallback: target === 'new' ? rule.fallback : 'off',
    bucket: verdict.bucket,
  };
}

/**
 * Whether a feature is on for one identity. Deny beats allow beats percentage. Without the `stickBy`
 * identity (no tenant, or no space) the percentage cannot be sticky, so the request gets the rule's
 * default, legacy: an anonymous request never lands on an unproven path by chance.
 */
export function evaluateFeature(
  feature: FeatureToggle | undefined,
  identity: FeatureIdentity,
  killSwitches?: KillSwitchLookup,
): FeatureVerdict {
  if (!feature) return { on: false, reason: 'feature-unknown' };
  if (!feature.enabled) return { on: false, reason: 'feature-disabled' };
  if (killSwitches?.isSwitchedOff(feature.key, identity)) return { on: false, reason: 'kill-switch' };
  const tenantKeys = [identity.tenantId, nonEmpty(identity.tenantSlug)].filter((key): key is string => key !== undefined);
  const spaceKeys = identity.spaceId ? [identity.spaceId] : [];
  if (intersects(feature.tenants.deny, tenantKeys)) return { on: false, reason: 'tenant-denied' };
  if (intersects(feature.spaces.deny, spaceKeys)) return { on: false, reason: 'space-denied' };
  if (intersects(feature.tenants.allow, tenantKeys)) return { on: true, reason: 'tenant-allowed' };
  if (intersects(feature.spaces.allow, spaceKeys)) return { on: true, reason: 'space-allowed' };
  if (feature.percentage <= 0) return { on: false, reason: 'percentage-out' };
  const stickyId = feature.stickBy === 'tenant' ? identity.tenantId : identity.spaceId;
  if (!stickyId) return { on: false, reason: 'no-identity' };
  const bucket = bucketOf(feature.salt, stickyId);
  const on = isBucketInRollout(bucket, feature.percentage);
  return { on, reason: on ? 'percentage-in' : 'percentage-out', bucket };
}

export function routeKeyOf(rule: RouteRule): string {
  return rule.match.pathPrefix ?? rule.match.pathPattern ?? '';
}

interface RuleMatch {
  rule: RouteRule;
  index: number;
  parameters: Record<string, string>;
}

/** First match wins. A rule listing GET also takes HEAD, as every HTTP server answers HEAD like GET. */
export function findMatchingRule(rules: readonly RouteRule[], method: string, path: string): RuleMatch | undefined {
  for (const [index, rule] of rules.entries()) {
    const methods: readonly string[] = rule.match.methods;
    if (!methods.includes(method) && !(method === 'HEAD' && methods.includes('GET'))) continue;
    const parameters = matchPath(rule, path);
    if (parameters) return { rule, index, parameters };
  }
  return undefined;
}

function matchPath(rule: RouteRule, path: string): Record<string, string> | undefined {
  if (rule.match.pathPrefix !== undefined) return matchesPathPrefix(path, rule.match.pathPrefix) ? {} : undefined;
  if (rule.match.pathPattern === undefined) return undefined;
  const compiled = compiledPattern(rule.match.pathPattern);
  return compiled ? matchPathPattern(compiled, path) : undefined;
}

/** Rules are few and stable, so templates compile once; the cap only guards against a caller inventing them. */
function compiledPattern(pattern: string): CompiledPathPattern | undefined {
  if (!compiledPatterns.has(pattern)) {
    if (compiledPatterns.size >= MAX_COMPILED_PATTERNS) compiledPatterns.clear();
    const compiled = compilePathPattern(pattern);
    compiledPatterns.set(pattern, 'regex' in compiled ? compiled : undefined);
  }
  return compiledPatterns.get(pattern);
}

function intersects(list: readonly string[], keys: readonly string[]): boolean {
  return keys.some((key) => list.includes(key));
}

function nonEmpty(value: string | undefined): string | undefined {
  return value === undefined || value === '' ? undefined : value;
}
