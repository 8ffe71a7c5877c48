/** The admin API's answers, as the console reads them (see libs/routing-gateway and libs/plan). */
// Shapes the server defines in framework-free files are imported, not restated (type-only: nothing is bundled).
export type { AccessList, FeatureToggle, Target } from '../../../libs/routing-gateway/src/document/core/routing-document.model';
export type { RoutingFigures, RoutingFiguresMessage, SideFigures } from '../../../libs/routing-gateway/src/admin/core/routing.figures';
import type { AccessList, FeatureToggle, Target } from '../../../libs/routing-gateway/src/document/core/routing-document.model';
import type { RoutingFigures } from '../../../libs/routing-gateway/src/admin/core/routing.figures';
// space.assignment.ts reaches node:crypto through the bucket code, so its shapes are restated here.
export interface SpaceSide {
  feature: string;
  target: Target;
  reason: string;
  bucket?: number;
}

export interface SpaceAssignment {
  id: string;
  name: string;
  sides: SpaceSide[];
}

export interface FeatureColumn {
  feature: string;
  enabled: boolean;
  percentage: number;
  stickBy: 'tenant' | 'space';
  ruleTargets: Target[];
}

/** GET /admin/routing/overview/tenants/:tenantId/spaces: one page of a tenant's spaces. */
export interface TenantSpacesOverview {
  tenant: { id: string; slug: string };
  features: FeatureColumn[];
  spaces: SpaceAssignment[];
  version: number;
  nextCursor: string | null;
  total: number;
}

export interface RoutingDocument {
  default: 'new' | 'legacy';
  features: FeatureToggle[];
  rules: Array<{ match: { pathPrefix?: string; pathPattern?: string; methods: string[] }; feature?: string; target: Target }>;
  [key: string]: unknown;
}

export interface KillSwitch {
  feature: string;
  scope: string;
  reason: string;
  at: number;
}

export interface RoutingView {
  version: number;
  updatedBy: string;
  updatedAt: string;
  reason: string;
  document: RoutingDocument;
  killSwitches: KillSwitch[];
}

export interface TenantAssignment {
  id: string;
  slug: string;
  target: Target;
  reason: string;
}

export interface FeatureAssignments {
  feature: string;
  enabled: boolean;
  percentage: number;
  stickBy: 'tenant' | 'space';
  spaces: AccessList;
  ruleTargets: Target[];
  tenants: TenantAssignment[];
  counts: Record<Target, number>;
}

export interface RoutingOverview {
  version: number;
  features: FeatureAssignments[];
  killSwitches: KillSwitch[];
  figures: RoutingFigures[];
}

export interface TenantMove {
  id: string;
  slug: string;
  feature: string;
  from: Target;
  to: Target;
}

export interface RoutingPreview {
  moves: TenantMove[];
  summary: Array<{ feature: string; to: Target; count: number }>;
}

export interface JsonDifference {
  path: string;
  kind: 'changed' | 'type' | 'missing-in-new' | 'extra-in-new';
  legacy?: unknown;
  new?: unknown;
}

export interface ShadowSample {
  route: string;
  at: string;
  method: string;
  path: string;
  legacyStatus: number;
  newStatus: number;
  differences: JsonDifference[];
  legacyBody?: BodyExcerpt;
  newBody?: BodyExcerpt;
}

/** The start of a body as text; `truncated` when it had more than the report keeps. */
export interface BodyExcerpt {
  text: string;
  bytes: number;
  truncated: boolean;
}

export interface ShadowReport {
  generatedAt: string;
  routes: Array<{ route: string; matches: number; mismatches: number; failures: number; skipped: number }>;
  samples: ShadowSample[];
  scope: 'cluster' | 'node';
  nodes: number;
  partial: boolean;
  problem?: string;
}

export interface AuditEntry {
  action: 'rules-updated' | 'kill-switch' | 'kill-switch-released' | 'file-reload-rejected';
  actor: string;
  feature?: string;
  scope?: string;
  details: Record<string, unknown>;
  at: string;
}

export type RiskLevel = 'low' | 'medium' | 'high';
export type TaskStatus = 'todo' | 'in-progress' | 'blocked' | 'done';

export interface PlanTask {
  id: string;
  title: string;
  milestone: string;
  risk: RiskLevel;
  status: TaskStatus;
  dependsOn?: string[];
}

export interface PlanSummary {
  version: string;
  status: string;
  order: Array<{ level: number; tasks: PlanTask[] }>;
  risk: { total: number; distribution: Record<RiskLevel, { count: number; share: number }> };
}
