/** Who a request is, as far as routing cares. */
export interface RoutingIdentity {
  tenantId?: string;
  spaceId?: string;
}

/** Scopes a feature can be switched off for: everyone, one tenant (by id), or one space. */
export const ALL_SCOPE = '*';

/** As a kill-switch feature: every feature at once. */
export const ALL_FEATURES = '*';

export const TENANT_SCOPE_PREFIX = 'tenant:';

export function tenantScope(tenantId: string): string {
  return `${TENANT_SCOPE_PREFIX}${tenantId}`;
}

export function spaceScope(spaceId: string): string {
  return `space:${spaceId}`;
}

/** Every scope a request falls in, broadest first. */
export function scopesOf(identity: RoutingIdentity): string[] {
  const scopes = [ALL_SCOPE];
  if (identity.tenantId) scopes.push(tenantScope(identity.tenantId));
  if (identity.spaceId) scopes.push(spaceScope(identity.spaceId));
  return scopes;
}

/** What the decision asks; the registry below is the in-process answer, another node's state can be fed to it. */
export interface KillSwitchLookup {
  isSwitchedOff(feature: string, identity: RoutingIdentity): boolean;
}

export interface KillSwitchEntry {
  feature: string;
  scope: string;
  /** Why, for the audit trail: `error-rate`, `latency`, `manual`… */
  reason: string;
  /** Epoch milliseconds. */
  at: number;
}

/** Features switched off per scope, by an operator or by automatic rollback; they stay off until switched on. */
export class KillSwitchRegistry implements KillSwitchLookup {
  private readonly entriesByKey = new Map<string, KillSwitchEntry>();

  /** False when the feature was already off for that scope, so callers audit a trip only once. */
  switchOff(entry: KillSwitchEntry): boolean {
    const key = keyOf(entry.feature, entry.scope);
    if (this.entriesByKey.has(key)) return false;
    this.entriesByKey.set(key, { ...entry });
    return true;
  }

  switchOn(feature: string, scope: string): boolean {
    return this.entriesByKey.delete(keyOf(feature, scope));
  }

  /** The feature `*` stands for every feature: the global kill switch. */
  isSwitchedOff(feature: string, identity: RoutingIdentity): boolean {
    if (this.entriesByKey.size === 0) return false;
    return scopesOf(identity).some(
      (scope) => this.entriesByKey.has(keyOf(feature, scope)) || this.entriesByKey.has(keyOf(ALL_FEATURES, scope)),
    );
  }

  entries(): KillSwitchEntry[] {
    return [...this.entriesByKey.values()].map((entry) => ({ ...entry }));
  }

  /** Replaces the whole state, e.g. with what another node broadcast. */
  replaceAll(entries: readonly KillSwitchEntry[]): void {
    this.entriesByKey.clear();
    for (const entry of entries) this.entriesByKey.set(keyOf(entry.feature, entry.scope), { ...entry });
  }
}

function keyOf(feature: string, scope: string): string {
  return JSON.stringify([feature, scope]);
}
