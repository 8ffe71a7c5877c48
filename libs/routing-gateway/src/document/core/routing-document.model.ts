/** Where a request is served: Switchyard itself, the legacy backend, or legacy with a background run on the new side. */
export type Target = 'new' | 'legacy' | 'shadow';

/** Target of requests that match no rule. */
export type DefaultTarget = 'new' | 'legacy';

export type FallbackMode = 'off' | 'safe' | 'always';

export type StickBy = 'tenant' | 'space';

export const HTTP_METHODS = ['GET', 'HEAD', 'POST', 'PUT', 'PATCH', 'DELETE', 'OPTIONS'] as const;

export type HttpMethod = (typeof HTTP_METHODS)[number];

export interface AccessList {
  allow: string[];
  deny: string[];
}

export interface FeatureToggle {
  key: string;
  enabled: boolean;
  /** Tenant slugs or ids. */
  tenants: AccessList;
  /** Space ids. */
  spaces: AccessList;
  /** Integer 0-100: share of `stickBy` identities that get the feature. */
  percentage: number;
  stickBy: StickBy;
  salt: string;
}

/** Exactly one of `pathPrefix` and `pathPattern` is set. */
export interface RouteMatch {
  pathPrefix?: string;
  pathPattern?: string;
  methods: HttpMethod[];
}

export interface RouteRule {
  match: RouteMatch;
  /** Absent only on rules whose target is `legacy`. */
  feature?: string;
  target: Target;
  fallback: FallbackMode;
  timeoutMs: number;
}

export interface ShadowSettings {
  /** JSON paths never compared (see ignore-path.matcher.ts for the syntax). */
  ignorePaths: string[];
  maxConcurrency: number;
  /** How many recent mismatches the shadow report keeps. */
  sampleSize: number;
  /** Comparison of one response pair stops after this many differences. */
  maxDifferences: number;
}

export interface RollbackSettings {
  enabled: boolean;
  windowMs: number;
  /** Both sides need this many requests in the window before anything trips. */
  minRequests: number;
  errorRateFactor: number;
  p95Factor: number;
  /** Legacy error rates below this count as this, so a perfect legacy still leaves the new side some room. */
  errorRateFloor: number;
  /** Legacy p95 below this counts as this, so millisecond noise on fast routes does not trip. */
  p95FloorMs: number;
  /** Memory bound per feature, scope and side. */
  maxSamples: number;
  /**
   * The all-tenants scope (`*`) trips only when at least this many tenants of the feature breach too, so one
   * tenant's traffic, however large, switches a feature off for itself, never for everyone.
   */
  globalMinTenants: number;
}

/** The validated document with every default filled in: what the file, the admin API and the decision share. */
export interface RoutingDocument {
  default: DefaultTarget;
  features: FeatureToggle[];
  rules: RouteRule[];
  shadow: ShadowSettings;
  rollback: RollbackSettings;
}

export const RULE_DEFAULTS = { target: 'new', fallback: 'off', timeoutMs: 5_000 } as const satisfies Partial<RouteRule>;

export const FEATURE_DEFAULTS = { percentage: 0, stickBy: 'tenant' } as const satisfies Partial<FeatureToggle>;

export const SHADOW_DEFAULTS: Readonly<ShadowSettings> = Object.freeze({
  ignorePaths: [],
  maxConcurrency: 4,
  sampleSize: 50,
  maxDifferences: 20,
});

export const ROLLBACK_DEFAULTS: Readonly<RollbackSettings> = Object.freeze({
  enabled: true,
  windowMs: 60_000,
  minRequests: 50,
  errorRateFactor: 2,
  p95Factor: 1.2,
  errorRateFloor: 0.01,
  p95FloorMs: 10,
  maxSamples: 10_000,
  globalMinTenants: 2,
});

/** The document in force before any file or admin update: everything to legacy. */
export function emptyRoutingDocument(): RoutingDocument {
  return {
    default: 'legacy',
    features: [],
    rules: [],
    shadow: { ...SHADOW_DEFAULTS, ignorePaths: [] },
    rollback: { ...ROLLBACK_DEFAULTS },
  };
}
