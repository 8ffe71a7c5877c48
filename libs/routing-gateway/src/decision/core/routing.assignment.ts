import { KillSwitchLookup } from './kill-switch.registry';
import { AccessList, FeatureToggle, RoutingDocument, Target } from '../../document/core/routing-document.model';
import { FeatureReason, evaluateFeature } from './routing.decision';

export interface TenantRef {
  id: string;
  slug: string;
}

/** Where one tenant's requests for a feature go, and why. */
export interface TenantAssignment extends TenantRef {
  target: Target;
  reason: FeatureReason;
}

export interface FeatureAssignments {
  feature: string;
  enabled: boolean;
  percentage: number;
  stickBy: FeatureToggle['stickBy'];
  /** Spaces are not listed one by one (there can be many); their allow and deny lists are. */
  spaces: AccessList;
  /** What the rules naming this feature send a tenant to when the feature is on for it. */
  ruleTargets: Target[];
  tenants: TenantAssignment[];
  counts: Record<Target, number>;
}

export interface TenantMove extends TenantRef {
  feature: string;
  from: Target;
  to: Target;
}

export interface RoutingPreview {
  moves: TenantMove[];
  /** Per feature and destination, how many tenants change side: "12 tenants go to new". */
  summary: Array<{ feature: string; to: Target; count: number }>;
}

/** Per feature, the side every tenant lands on under `document` and the current kill switches. */
export function assignTenants(
  document: RoutingDocument,
  tenants: readonly TenantRef[],
  killSwitches?: KillSwitchLookup,
): FeatureAssignments[] {
  return document.features.map((feature) => {
    const ruleTargets = targetsOf(document, feature.key);
    const assignments = tenants.map((tenant) => assign(feature, ruleTargets, tenant, killSwitches));
    const counts: Record<Target, number> = { new: 0, legacy: 0, shadow: 0 };
    for (const assignment of assignments) counts[assignment.target] += 1;
    const { key, enabled, percentage, stickBy, spaces } = feature;
    return { feature: key, enabled, percentage, stickBy, spaces, ruleTargets, tenants: assignments, counts };
  });
}

/** What replacing `current` with `proposed` moves: every tenant whose side changes for some feature. */
export function previewRouting(
  current: RoutingDocument,
  proposed: RoutingDocument,
  tenants: readonly TenantRef[],
  killSwitches?: KillSwitchLookup,
): RoutingPreview {
  const before = new Map(assignTenants(current, tenants, killSwitches).map((entry) => [entry.feature, entry]));
  const moves: TenantMove[] = [];
  for (const after of assignTenants(proposed, tenants, killSwitches)) {
    const previous = new Map(before.get(after.feature)?.tenants.map((tenant) => [tenant.id, tenant.target]));
    for (const tenant of after.tenants) {
      const from = previous.get(tenant.id) ?? 'legacy';
      if (from !== tenant.target) moves.push({ id: tenant.id, slug: tenant.slug, feature: after.feature, from, to: tenant.target });
    }
  }
  return { moves, summary: summarize(moves) };
}

function assign(
  feature: FeatureToggle,
  ruleTargets: readonly Target[],
  tenant: TenantRef,
  killSwitches?: KillSwitchLookup,
): TenantAssignment {
  const verdict = evaluateFeature(feature, { tenantId: tenant.id, tenantSlug: tenant.slug }, killSwitches);
  return { id: tenant.id, slug: tenant.slug, target: verdict.on ? sideWhenOn(ruleTargets) : 'legacy', reason: verdict.reason };
}

/** A feature named by both new and shadow rules counts as new: some of the tenant's requests are served there. */
export function sideWhenOn(ruleTargets: readonly Target[]): Target {
  if (ruleTargets.includes('new')) return 'new';
  return ruleTargets.includes('shadow') ? 'shadow' : 'legacy';
}

export function targetsOf(document: RoutingDocument, feature: string): Target[] {
  return [...new Set(document.rules.filter((rule) => rule.feature === feature).map((rule) => rule.target))];
}

function summarize(moves: readonly TenantMove[]): RoutingPreview['summary'] {
  const counts = new Map<string, { feature: string; to: Target; count: number }>();
  for (const move of moves) {
    const key = `${move.feature}\u0000${move.to}`;
    const entry = counts.get(key) ?? { feature: move.feature, to: move.to, count: 0 };
    entry.count += 1;
    counts.set(key, entry);
  }
  return [...counts.values()];
}
