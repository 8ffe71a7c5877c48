import { KillSwitchLookup, RoutingIdentity } from './kill-switch.registry';
import {
  CompiledPathPattern,
  compilePathPattern,
  isNeverProxied,
  matchPathPattern,
  matchesPathPrefix,
  normalizeRequestPath,
} from '../../document/core/path.matcher';
import { isBucketInRollout, stickyBucketOf } from './rollout.bucket';
import { FallbackMode, FeatureToggle, RouteRule, RoutingDocument, Target } from '../../document/core/routing-document.model';

export interface RoutingRequest {
  method: string;
  /** The request path; a query string is ignored. */
  path: string;
  /** From the verified JWT. */
  tenant?: { id: string; slug?: string };
  /** A space the caller already established; a `:spaceId` captured by the rule's pathPattern wins over it. The gateway passes none (D56). */
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
  if (isNeverProxied(path)) return unmatched('new', 'never-proxied', path, tenantId, request.spaceId);
  const match = findMatchingRule(document.rules, request.method.toUpperCase(), path);
  if (!match) return unmatched(document.default, 'no-rule', path, tenantId, request.spaceId);
  const { rule, index, parameters } = match;
  const spaceId = nonEmpty(parameters.spaceId) ?? nonEmpty(request.spaceId);
  if (rule.target === 'legacy') return matched(rule, index, path, 'legacy', 'rule-forces-legacy', tenantId, spaceId, parameters);
  const feature = rule.feature === undefined ? undefined : featureOf(document, rule.feature);
  const verdict = evaluateFeature(feature, { tenantId, tenantSlug: request.tenant?.slug, spaceId }, killSwitches);
  const decision = matched(rule, index, path, verdict.on ? rule.target : 'legacy', verdict.reason, tenantId, spaceId, parameters);
  decision.bucket = verdict.bucket;
  return decision;
}

// Decisions are built whole, one shape, on every request: no spreading of partial objects.
function unmatched(target: Target, reason: DecisionReason, path: string, tenantId?: string, spaceId?: string): RouteDecision {
  return {
    target,
    reason,
    path,
    ruleIndex: undefined,
    routeKey: undefined,
    feature: undefined,
    fallback: 'off',
    timeoutMs: undefined,
    tenantId,
    spaceId: nonEmpty(spaceId),
    parameters: {},
    bucket: undefined,
  };
}

function matched(
  rule: RouteRule,
  index: number,
  path: string,
  target: Target,
  reason: DecisionReason,
  tenantId: string | undefined,
  spaceId: string | undefined,
  parameters: Record<string, string>,
): RouteDecision {
  return {
    target,
    reason,
    path,
    ruleIndex: index,
    routeKey: routeKeyOf(rule),
    feature: rule.feature,
    fallback: target === 'new' ? rule.fallback : 'off',
    timeoutMs: rule.timeoutMs,
    tenantId,
    spaceId,
    parameters,
    bucket: undefined,
  };
}

const featureIndexes = new WeakMap<RoutingDocument, Map<string, FeatureToggle>>();

/** Features by key, indexed once per document (documents are immutable once applied). */
function featureOf(document: RoutingDocument, key: string): FeatureToggle | undefined {
  let index = featureIndexes.get(document);
  if (!index) {
    index = new Map(document.features.map((feature) => [feature.key, feature]));
    featureIndexes.set(document, index);
  }
  return index.get(key);
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
  const tenantSlug = nonEmpty(identity.tenantSlug);
  const { tenants, spaces } = feature;
  if (listed(tenants.deny, identity.tenantId) || listed(tenants.deny, tenantSlug)) return { on: false, reason: 'tenant-denied' };
  if (listed(spaces.deny, identity.spaceId)) return { on: false, reason: 'space-denied' };
  if (listed(tenants.allow, identity.tenantId) || listed(tenants.allow, tenantSlug)) return { on: true, reason: 'tenant-allowed' };
  if (listed(spaces.allow, identity.spaceId)) return { on: true, reason: 'space-allowed' };
  if (feature.percentage <= 0) return { on: false, reason: 'percentage-out' };
  const stickyId = feature.stickBy === 'tenant' ? identity.tenantId : identity.spaceId;
  if (!stickyId) return { on: false, reason: 'no-identity' };
  const bucket = stickyBucketOf(feature.salt, stickyId);
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
  for (let index = 0; index < rules.length; index += 1) {
    const rule = rules[index] as RouteRule;
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

function listed(list: readonly string[], key: string | undefined): boolean {
  return key !== undefined && key !== '' && list.includes(key);
}

function nonEmpty(value: string | undefined): string | undefined {
  return value === undefined || value === '' ? undefined : value;
}
