import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { RoutingAuditEntity, RoutingKillSwitchEntity, RoutingRuleSetEntity, isUniqueViolation } from '@switchyard/database';
import { KillSwitchEntry } from '../decision/core/kill-switch.registry';
import { randomUUID } from 'node:crypto';
import { DataSource } from 'typeorm';

export interface StoredRuleSet {
  version: number;
  document: unknown;
  createdBy: string;
  reason: string;
  createdAt: string;
}

export interface AuditRecord {
  action: 'rules-updated' | 'kill-switch' | 'kill-switch-released' | 'file-reload-rejected';
  actor: string;
  feature?: string;
  scope?: string;
  details: unknown;
}

@Injectable()
export class RoutingRulesRepository {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  async latest(): Promise<StoredRuleSet | null> {
    const [row] = await this.dataSource.getRepository(RoutingRuleSetEntity).find({ order: { version: 'DESC' }, take: 1 });
    return row ? toStored(row) : null;
  }

  /**
   * Appends the next version. With `expectedVersion`, the new row is exactly that version + 1 and the
   * primary key refuses it if another writer got there first ('conflict'); without, racing writers retry.
   */
  async append(document: unknown, createdBy: string, reason: string, expectedVersion?: number): Promise<StoredRuleSet | 'conflict'> {
    for (let attempt = 0; ; attempt += 1) {
      const base = expectedVersion ?? (await this.latest())?.version ?? 0;
      const row = { version: base + 1, document: JSON.stringify(document), createdBy, reason, createdAt: new Date() };
      try {
        await this.dataSource.getRepository(RoutingRuleSetEntity).insert(row);
        return toStored(row);
      } catch (error) {
        if (!isUniqueViolation(error)) throw error;
        if (expectedVersion !== undefined) return 'conflict';
        if (attempt >= 3) throw error;
      }
    }
  }

  /** Every kill switch in force, as every node must hold them. */
  async switches(): Promise<KillSwitchEntry[]> {
    const rows = await this.dataSource.getRepository(RoutingKillSwitchEntity).find();
    return rows.map((row) => ({ feature: row.feature, scope: row.scope, reason: row.reason, at: Number(row.switchedAt) }));
  }

  async saveSwitch(entry: KillSwitchEntry, actor: string): Promise<void> {
    await this.dataSource.getRepository(RoutingKillSwitchEntity).upsert(
      {
        feature: entry.feature,
        scope: entry.scope,
        reason: entry.reason.slice(0, 200),
        actor: actor.slice(0, 200),
        switchedAt: entry.at,
      },
      ['feature', 'scope'],
    );
  }

  async deleteSwitch(feature: string, scope: string): Promise<void> {
    await this.dataSource.getRepository(RoutingKillSwitchEntity).delete({ feature, scope });
  }

  async audit(record: AuditRecord): Promise<void> {
    await this.dataSource.getRepository(RoutingAuditEntity).insert({
      id: randomUUID(),
      action: record.action,
      actor: record.actor,
      feature: record.feature ?? '',
      scope: record.scope ?? '',
      details: JSON.stringify(record.details),
      createdAt: new Date(),
    });
  }

  async recentAudit(limit: number): Promise<Array<AuditRecord & { at: string }>> {
    const rows = await this.dataSource.getRepository(RoutingAuditEntity).find({ order: { createdAt: 'DESC' }, take: limit });
    return rows.map((row) => ({
      action: row.action as AuditRecord['action'],
      actor: row.actor,
      feature: row.feature || undefined,
      scope: row.scope || undefined,
      details: JSON.parse(row.details) as unknown,
      at: row.createdAt.toISOString(),
    }));
  }
}

function toStored(row: Pick<RoutingRuleSetEntity, 'version' | 'document' | 'createdBy' | 'reason' | 'createdAt'>): StoredRuleSet {
  return {
    version: row.version,
    document: JSON.parse(row.document) as unknown,
    createdBy: row.createdBy,
    reason: row.reason,
    createdAt: row.createdAt.toISOString(),
  };
}
