import { Inject, Injectable, Logger, OnApplicationShutdown, OnModuleInit } from '@nestjs/common';
import { ConfigType } from '@nestjs/config';
import { EventBus } from '@switchyard/redis';
import { readFileSync, unwatchFile, watchFile } from 'node:fs';
import { routingConfig } from '../config/routing.config';
import { diffJson } from '../shadow/core/json.diff';
import { KillSwitchEntry } from '../decision/core/kill-switch.registry';
import { RollbackEvaluation } from '../rollback/core/rollback.monitor';
import { RoutingDocument } from './core/routing-document.model';
import { formatOfFileName, parseRoutingDocumentOrThrow, parseRoutingText } from './core/routing-document.parser';
import { RoutingException } from '../routing.errors';
import { RoutingMetrics } from '../routing.metrics';
import { AuditRecord, RoutingRulesRepository, StoredRuleSet } from './routing-rules.repository';
import { RoutingState } from './routing.state';

const CHANNEL = 'routing';

type RoutingEvent =
  | { type: 'rules'; set: StoredRuleSet }
  | { type: 'kill-switch'; feature: string; scope: string; reason: string; at: number }
  | { type: 'kill-switch-off'; feature: string; scope: string };

/**
 * Where routing changes come from (the file, the admin API, the event bus, the rollback monitor)
 * and the one way they are applied: validated, versioned in MySQL, published to every node.
 */
@Injectable()
export class RoutingConfigService implements OnModuleInit, OnApplicationShutdown {
  private readonly logger = new Logger(RoutingConfigService.name);
  /** Switches in force here whose row is not written yet (the database was away): kept through reconciles, retried. */
  private readonly unsaved = new Map<string, { entry: KillSwitchEntry; actor: string }>();
  private reconcileTimer?: NodeJS.Timeout;

  constructor(
    private readonly state: RoutingState,
    private readonly rules: RoutingRulesRepository,
    private readonly bus: EventBus,
    private readonly metrics: RoutingMetrics,
    @Inject(routingConfig.factory.KEY) private readonly config: ConfigType<typeof routingConfig.factory>,
  ) {}

  async onModuleInit(): Promise<void> {
    await this.bus.subscribe(CHANNEL, (message) => this.onEvent(message as RoutingEvent));
    const latest = await this.rules.latest();
    if (latest) this.applyStored(latest);
    else if (this.config.configFile)
      await this.update(this.readFile(this.config.configFile), `file:${this.config.configFile}`, 'initial load');
    this.state.killSwitches.replaceAll(await this.rules.switches());
    if (this.config.configFile) watchFile(this.config.configFile, { interval: this.config.filePollMs }, () => void this.reloadFile());
    this.reconcileTimer = setInterval(() => void this.reconcile(), this.config.reconcileMs);
    this.reconcileTimer.unref();
  }

  onApplicationShutdown(): void {
    clearInterval(this.reconcileTimer);
    if (this.config.configFile) unwatchFile(this.config.configFile);
  }

  /**
   * Converges on MySQL, the state every node shares: a newer rules version is applied, and the kill switches
   * become exactly the stored ones plus those this node could not store yet (retried first). Never rejects:
   * with the database away the node keeps what it has.
   */
  async reconcile(): Promise<void> {
    try {
      for (const [key, { entry, actor }] of this.unsaved) {
        await this.rules.saveSwitch(entry, actor);
        this.unsaved.delete(key);
      }
      const latest = await this.rules.latest();
      if (latest && latest.version > this.state.meta.version) this.applyStored(latest);
      const stored = await this.rules.switches();
      this.state.killSwitches.replaceAll([...stored, ...[...this.unsaved.values()].map(({ entry }) => entry)]);
    } catch (error) {
      this.logger.warn({ error: (error as Error).message }, 'Routing state not reconciled with the database; keeping what this node has');
    }
  }

  /**
   * Validates the whole document (400 listing every problem, the old one stays), then versions and
   * publishes it. `expectedVersion` (If-Match) refuses an edit based on a stale read with 409.
   */
  async update(input: unknown, actor: string, reason: string, expectedVersion?: number): Promise<StoredRuleSet> {
    const document = parseRoutingDocumentOrThrow(input);
    const current = this.state.meta.version;
    if (expectedVersion !== undefined && expectedVersion !== current) throw RoutingException.versionConflict(expectedVersion, current);
    const stored = await this.rules.append(document, actor, reason, expectedVersion);
    if (stored === 'conflict') throw RoutingException.versionConflict(expectedVersion!, (await this.rules.latest())?.version ?? current);
    const diff = diffJson(this.state.document, document, { maxDifferences: 100 });
    // Stored, so in force: applied and published before the audit, which cannot undo it if it fails.
    this.applyStored(stored);
    await this.publish({ type: 'rules', set: stored });
    await this.audit({ action: 'rules-updated', actor, details: { version: stored.version, previousVersion: current, reason, diff } });
    this.logger.log({ version: stored.version, actor, reason }, `Routing rules v${stored.version} applied`);
    return stored;
  }

  /** Switches a feature off for a scope after the rollback monitor tripped; audited once per switch. */
  async tripKillSwitch(feature: string, scope: string, evaluation: RollbackEvaluation): Promise<void> {
    const reason = evaluation.reason ?? 'error-rate';
    const entry = { feature, scope, reason, at: Date.now() };
    if (!this.state.killSwitches.switchOff(entry)) return;
    this.state.monitor.reset(feature, scope);
    this.metrics.rollbacks.inc({ feature, reason });
    this.logger.warn({ feature, scope, evaluation }, `Automatic rollback: ${feature} switched off for ${scope} (${reason})`);
    await this.publish({ type: 'kill-switch', ...entry });
    await this.store(entry, 'rollback-monitor');
    await this.audit({ action: 'kill-switch', actor: 'rollback-monitor', feature, scope, details: evaluation });
  }

  /** A manual kill switch (feature `*` = every feature), on every node. */
  async switchOff(feature: string, scope: string, reason: string, actor: string): Promise<void> {
    const entry = { feature, scope, reason, at: Date.now() };
    this.state.killSwitches.switchOff(entry);
    this.logger.warn({ feature, scope, actor, reason }, `Kill switch: ${feature} switched off for ${scope}`);
    // In force here and on every node at once, with or without the database: an emergency brake must not need it.
    await this.publish({ type: 'kill-switch', ...entry });
    await this.store(entry, actor);
    await this.audit({ action: 'kill-switch', actor, feature, scope, details: { reason } });
  }

  /** Released in MySQL first (a release the database cannot record fails, 503), then here and on every node. */
  async switchOn(feature: string, scope: string, actor: string): Promise<void> {
    await this.rules.deleteSwitch(feature, scope);
    this.unsaved.delete(switchKey(feature, scope));
    this.state.killSwitches.switchOn(feature, scope);
    this.state.monitor.reset(feature, scope);
    await this.publish({ type: 'kill-switch-off', feature, scope });
    await this.audit({ action: 'kill-switch-released', actor, feature, scope, details: {} });
  }

  private async reloadFile(): Promise<void> {
    const file = this.config.configFile!;
    try {
      const document = this.readFile(file);
      if (JSON.stringify(document) === JSON.stringify(this.state.document)) return;
      await this.update(document, `file:${file}`, 'file changed');
    } catch (error) {
      const problems = error instanceof RoutingException ? error.details : [(error as Error).message];
      this.logger.error({ file, problems }, 'Routing file rejected; the previous rules stay active');
      await this.audit({ action: 'file-reload-rejected', actor: `file:${file}`, details: { problems } });
    }
  }

  private readFile(file: string): RoutingDocument {
    const result = parseRoutingText(readFileSync(file, 'utf8'), formatOfFileName(file));
    if (!result.ok) throw RoutingException.invalidDocument(result.problems);
    return result.document;
  }

  private applyStored(stored: StoredRuleSet): void {
    const document = parseRoutingDocumentOrThrow(stored.document);
    this.state.apply(document, {
      version: stored.version,
      updatedBy: stored.createdBy,
      updatedAt: stored.createdAt,
      reason: stored.reason,
    });
  }

  private onEvent(event: RoutingEvent): void {
    if (event.type === 'rules') this.applyStored(event.set);
    else if (event.type === 'kill-switch')
      this.state.killSwitches.switchOff({ feature: event.feature, scope: event.scope, reason: event.reason, at: event.at });
    else this.state.killSwitches.switchOn(event.feature, event.scope);
  }

  private async store(entry: KillSwitchEntry, actor: string): Promise<void> {
    const key = switchKey(entry.feature, entry.scope);
    this.unsaved.set(key, { entry, actor });
    try {
      await this.rules.saveSwitch(entry, actor);
      this.unsaved.delete(key);
    } catch (error) {
      this.logger.error(
        { feature: entry.feature, scope: entry.scope, error: (error as Error).message },
        'Kill switch in force but not stored yet; retried at every reconcile',
      );
    }
  }

  /** The audit trail follows a change already in force: a failed insert (the database down) is logged, never thrown. */
  private async audit(record: AuditRecord): Promise<void> {
    try {
      await this.rules.audit(record);
    } catch (error) {
      this.logger.error(
        { action: record.action, feature: record.feature, scope: record.scope, error: (error as Error).message },
        'Routing change not audited',
      );
    }
  }

  private async publish(event: RoutingEvent): Promise<void> {
    // The change is stored; a node that misses the message picks it up at its next start.
    await this.bus.publish(CHANNEL, event).catch((error: Error) => this.logger.warn(`Routing change not broadcast: ${error.message}`));
  }
}

function switchKey(feature: string, scope: string): string {
  return JSON.stringify([feature, scope]);
}
