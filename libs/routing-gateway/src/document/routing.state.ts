import { Injectable } from '@nestjs/common';
import { Clock } from '@switchyard/common';
import { IgnoreMatcher } from './core/ignore-path.matcher';
import { KillSwitchRegistry } from '../decision/core/kill-switch.registry';
import { RollbackMonitor } from '../rollback/core/rollback.monitor';
import { RoutingDocument, emptyRoutingDocument } from './core/routing-document.model';
import { ShadowReport } from '../shadow/core/shadow.report';

export interface RuleSetMeta {
  version: number;
  updatedBy: string;
  updatedAt: string;
  reason: string;
}

/** What this node routes by right now: one document swapped atomically, plus the live rollback state. */
@Injectable()
export class RoutingState {
  private current: { document: RoutingDocument; meta: RuleSetMeta; ignore: IgnoreMatcher };
  readonly killSwitches = new KillSwitchRegistry();
  readonly monitor: RollbackMonitor;
  readonly shadowReport: ShadowReport;

  constructor(clock: Clock) {
    const document = emptyRoutingDocument();
    this.current = {
      document,
      meta: { version: 0, updatedBy: 'default', updatedAt: new Date(clock.now()).toISOString(), reason: 'no rules configured' },
      ignore: IgnoreMatcher.compile([]),
    };
    this.monitor = new RollbackMonitor(document.rollback, () => clock.now());
    this.shadowReport = new ShadowReport({ sampleSize: document.shadow.sampleSize, clock: () => clock.now() });
  }

  get document(): RoutingDocument {
    return this.current.document;
  }

  get meta(): RuleSetMeta {
    return this.current.meta;
  }

  get ignorePaths(): IgnoreMatcher {
    return this.current.ignore;
  }

  /** Older or equal versions arriving late (bus redelivery, file races) are ignored. */
  apply(document: RoutingDocument, meta: RuleSetMeta): boolean {
    if (meta.version !== 0 && meta.version <= this.current.meta.version) return false;
    this.current = { document, meta, ignore: IgnoreMatcher.compile(document.shadow.ignorePaths) };
    this.monitor.configure(document.rollback);
    this.shadowReport.resize(document.shadow.sampleSize);
    return true;
  }
}
