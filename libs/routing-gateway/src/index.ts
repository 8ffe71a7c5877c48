// What other libraries, the app and the tests use; everything else stays inside the gateway (README.md).
export { RoutingGatewayModule } from './routing-gateway.module';
export { routingConfig } from './config/routing.config';
export { LegacyWrite, LegacyWriteListener, LegacyWrites } from './proxy/legacy-writes';
// The identity contract with legacy (docs/legacy-identity.md): the legacy twin and the tests sign and verify with it.
export { EMPTY_CONTENT_SHA256, ForwardedIdentity, contentSha256Of, signIdentity, verifyIdentity } from './proxy/core/identity.signer';
// The shadow comparison, also the contract parity walk's.
export { IgnoreMatcher } from './document/core/ignore-path.matcher';
export { JsonDifference, diffJson } from './shadow/core/json.diff';
// Which bucket a tenant or space falls in for a salt: the console's tests predict sides with it.
export { bucketOf } from './decision/core/rollout.bucket';
