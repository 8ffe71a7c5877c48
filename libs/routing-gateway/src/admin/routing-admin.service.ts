import { Injectable } from '@nestjs/common';
import { AuthUser } from '@switchyard/auth';
import { ALL_SCOPE, KillSwitchEntry } from '../decision/core/kill-switch.registry';
import { KillSwitchDto, ReleaseKillSwitchDto } from './kill-switch.dto';
import { RoutingDocument } from '../document/core/routing-document.model';
import { parseRoutingDocumentOrThrow } from '../document/core/routing-document.parser';
import { FeatureAssignments, RoutingPreview, assignTenants, previewRouting } from '../decision/core/routing.assignment';
import { RoutingFigures } from './core/routing.figures';
import { RoutingFiguresPublisher } from './routing-figures.publisher';
import { SharedShadowReport } from '../shadow/core/shadow.shared';
import { ShadowReportStore } from '../shadow/shadow-report.store';
import { RoutingTenantsRepository } from '../decision/routing-tenants.repository';
import { parseVersionHeader } from './if-match.header';
import { RoutingConfigService } from '../document/routing-config.service';
import { RoutingRulesRepository } from '../document/routing-rules.repository';
import { RoutingState, RuleSetMeta } from '../document/routing.state';

export interface RoutingView extends RuleSetMeta {
  document: RoutingDocument;
  killSwitches: KillSwitchEntry[];
}

/** What the console's overview shows: every tenant's side per feature, and this node's live figures. */
export interface RoutingOverview {
  version: number;
  features: FeatureAssignments[];
  killSwitches: KillSwitchEntry[];
  figures: RoutingFigures[];
}

@Injectable()
export class RoutingAdminService {
  constructor(
    private readonly state: RoutingState,
    private readonly configuration: RoutingConfigService,
    private readonly rules: RoutingRulesRepository,
    private readonly tenants: RoutingTenantsRepository,
    private readonly figures: RoutingFiguresPublisher,
    private readonly shadow: ShadowReportStore,
  ) {}

  view(): RoutingView {
    return { ...this.state.meta, document: this.state.document, killSwitches: this.state.killSwitches.entries() };
  }

  async replace(document: unknown, user: AuthUser, reason: string | undefined, ifMatch: string | undefined): Promise<RoutingView> {
    const expectedVersion = parseVersionHeader(ifMatch);
    await this.configuration.update(document, actorOf(user), reason?.slice(0, 500) || 'admin update', expectedVersion);
    return this.view();
  }

  async switchOff(request: KillSwitchDto, user: AuthUser): Promise<RoutingView> {
    await this.configuration.switchOff(request.feature, request.scope ?? ALL_SCOPE, request.reason ?? 'manual', actorOf(user));
    return this.view();
  }

  async switchOn(request: ReleaseKillSwitchDto, user: AuthUser): Promise<RoutingView> {
    await this.configuration.switchOn(request.feature, request.scope ?? ALL_SCOPE, actorOf(user));
    return this.view();
  }

  async overview(): Promise<RoutingOverview> {
    const { document, killSwitches, meta } = this.state;
    const features = assignTenants(document, await this.tenants.listTenants(), killSwitches);
    return { version: meta.version, features, killSwitches: killSwitches.entries(), figures: this.figures.figures() };
  }

  /** What a document would move if applied now; validated like a PUT (400 listing every problem), applies nothing. */
  async preview(document: unknown): Promise<RoutingPreview> {
    const proposed = parseRoutingDocumentOrThrow(document);
    return previewRouting(this.state.document, proposed, await this.tenants.listTenants(), this.state.killSwitches);
  }

  shadowReport(): Promise<SharedShadowReport> {
    return this.shadow.snapshot();
  }

  audit(): Promise<unknown> {
    return this.rules.recentAudit(100);
  }
}

function actorOf(user: AuthUser): string {
  return `user:${user.username}@${user.tenantId}`;
}
