export {
  DefaultTarget,
  FallbackMode,
  FeatureToggle,
  HTTP_METHODS,
  HttpMethod,
  ROLLBACK_DEFAULTS,
  RollbackSettings,
  RouteMatch,
  RouteRule,
  RoutingDocument,
  SHADOW_DEFAULTS,
  ShadowSettings,
  StickBy,
  Target,
  AccessList,
  emptyRoutingDocument,
} from './routing-document.model';
export {
  RoutingDocumentFormat,
  RoutingDocumentResult,
  formatOfFileName,
  parseRoutingDocument,
  parseRoutingDocumentOrThrow,
  parseRoutingText,
} from './routing-document.parser';
export { NEVER_PROXIED_PREFIXES, isNeverProxied, normalizeRequestPath } from './path.matcher';
export { bucketOf, inRollout } from './rollout.bucket';
export {
  DecisionReason,
  FeatureIdentity,
  FeatureReason,
  FeatureVerdict,
  RouteDecision,
  RoutingRequest,
  decideRoute,
  evaluateFeature,
  routeKeyOf,
} from './routing.decision';
export {
  FALLBACK_HEADER,
  FallbackReason,
  NewSideOutcome,
  ReplayAttempt,
  ReplayBlocker,
  SERVED_BY_HEADER,
  canReplay,
  fallbackReasonOf,
  isSafeMethod,
  replayBlocker,
  shouldShadow,
} from './fallback.policy';
export {
  ALL_FEATURES,
  ALL_SCOPE,
  KillSwitchEntry,
  KillSwitchLookup,
  KillSwitchRegistry,
  RoutingIdentity,
  isValidScope,
  scopesOf,
  spaceScope,
  tenantScope,
} from './kill-switch.registry';
export { IgnoreMatcher } from './ignore-path.matcher';
export { JsonDiffOptions, JsonDifference, JsonDifferenceKind, diffJson } from './json.diff';
export {
  BodyExcerpt,
  ShadowComparison,
  ShadowOutcome,
  ShadowRecord,
  ShadowReport,
  ShadowReportOptions,
  ShadowReportSnapshot,
  ShadowRouteCounts,
  ShadowSample,
  excerptOf,
  sampleBodyLimit,
} from './shadow.report';
export { SharedShadowReport } from './shadow.shared';
export { FeatureColumn, SpaceAssignment, SpaceAssignments, SpaceRef, SpaceSide, assignSpaces } from './space.assignment';
export { RollbackEvaluation, RollbackMonitor, RollbackReason, TrafficSample, TrafficSide } from './rollback.monitor';
export {
  FeatureAssignments,
  RoutingPreview,
  TenantAssignment,
  TenantMove,
  TenantRef,
  assignTenants,
  previewRouting,
} from './routing.assignment';
export { FIGURES_EVENT } from './gateway/routing-figures.publisher';
export { RoutingFigures, RoutingFiguresMessage, SideFigures } from './routing.figures';
export { RoutingErrorCode, RoutingException, statusOfRoutingError } from './routing.errors';
export { RoutingGatewayModule } from './gateway/routing-gateway.module';
export { LegacyWrite, LegacyWriteListener, LegacyWrites } from './gateway/legacy-writes';
export { routingConfig, RoutingConfig } from './config/routing.config';
export { RoutingState } from './gateway/routing.state';
export { RoutingConfigService } from './gateway/routing-config.service';
export {
  EMPTY_CONTENT_SHA256,
  ForwardedIdentity,
  IDENTITY_HEADERS,
  IDENTITY_MAX_SKEW_SECONDS,
  IDENTITY_SCHEME_VERSION,
  IdentityRefusal,
  IdentityVerification,
  RequestAtLegacy,
  SignedRequest,
  canonicalIdentityString,
  contentSha256Of,
  signIdentity,
  verifyIdentity,
} from './gateway/identity.signer';
