import { KillSwitchLookup } from './kill-switch.registry';
import { FeatureToggle, RoutingDocument, Target } from '../../document/core/routing-document.model';
import { TenantRef, sideWhenOn, targetsOf } from './routing.assignment';
import { FeatureReason, evaluateFeature } from './routing.decision';

export interface SpaceRef {
  id: string;
  name: string;
}

/** Where one space's requests for one feature go, and why. */
export interface SpaceSide {
  feature: string;
  target: Target;
  reason: FeatureReason;
  /** The sticky bucket in [0, 100) when the percentage decided (the tenant's or the space's, per `stickBy`). */
  bucket?: number;
}

export interface SpaceAssignment extends SpaceRef {
  sides: SpaceSide[];
}

export interface FeatureColumn {
  feature: string;
  enabled: boolean;
  percentage: number;
  stickBy: FeatureToggle['stickBy'];
  ruleTargets: Target[];
}

export interface SpaceAssignments {
  tenant: TenantRef;
  features: FeatureColumn[];
  spaces: SpaceAssignment[];
}

/**
 * Per space of one tenant, the side every feature sends it to: the same `evaluateFeature` the gateway routes
 * by, with the space as the request's space (space lists, space kill switches, space buckets).
 */
export function assignSpaces(
  document: RoutingDocument,
  tenant: TenantRef,
  spaces: readonly SpaceRef[],
  killSwitches?: KillSwitchLookup,
): SpaceAssignments {
  const features = document.features.map((feature) => ({ feature, ruleTargets: targetsOf(document, feature.key) }));
  return {
    tenant: { id: tenant.id, slug: tenant.slug },
    features: features.map(({ feature, ruleTargets }) => ({
      feature: feature.key,
      enabled: feature.enabled,
      percentage: feature.percentage,
      stickBy: feature.stickBy,
      ruleTargets,
    })),
    spaces: spaces.map((space) => ({
      id: space.id,
      name: space.name,
      sides: features.map(({ feature, ruleTargets }) => {
        const identity = { tenantId: tenant.id, tenantSlug: tenant.slug, spaceId: space.id };
        const verdict = evaluateFeature(feature, identity, killSwitches);
        const side: SpaceSide = { feature: feature.key, target: verdict.on ? sideWhenOn(ruleTargets) : 'legacy', reason: verdict.reason };
        if (verdict.bucket !== undefined) side.bucket = verdict.bucket;
        return side;
      }),
    })),
  };
}
