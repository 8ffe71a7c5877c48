import { Injectable } from '@nestjs/common';
import { AuthUser } from '@switchyard/auth';
import { ALL_SCOPE, KillSwitchEntry } from '../kill-switch.registry';
import { KillSwitchDto, ReleaseKillSwitchDto } from './kill-switch.dto';
import { RoutingDocument } from '../routing-document.model';
import { parseVersionHeader } from './if-match.header';
import { RoutingConfigService } from './routing-config.service';
import { RoutingRulesRepository } from './routing-rules.repository';
import { RoutingState, RuleSetMeta } from './routing.state';

export interface RoutingView extends RuleSetMeta {
  document: RoutingDocument;
  killSwitches: KillSwitchEntry[];
}

@Injectable()
export class RoutingAdminService {
  constructor(
    private readonly state: RoutingState,
    private readonly configuration: RoutingConfigService,
    private readonly rules: RoutingRulesRepository,
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

  shadowReport(): unknown {
    return this.state.shadowReport.snapshot();
  }

  audit(): Promise<unknown> {
    return this.rules.recentAudit(100);
  }
}

function actorOf(user: AuthUser): string {
  return `user:${user.username}@${user.tenantId}`;
}
