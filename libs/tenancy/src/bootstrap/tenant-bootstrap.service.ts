import { Inject, Injectable, Logger, OnApplicationBootstrap } from '@nestjs/common';
import { ConfigType } from '@nestjs/config';
import { bootstrapConfig } from '../config/bootstrap.config';
import { PasswordHasher } from '@switchyard/auth';
import { BootstrapRepository } from './bootstrap.repository';

export type BootstrapOutcome = 'skipped' | 'created' | 'already-present';

/** Creates the first tenant and its owner when configured and absent; safe to run on every start of every node. */
@Injectable()
export class TenantBootstrapService implements OnApplicationBootstrap {
  private readonly logger = new Logger(TenantBootstrapService.name);

  constructor(
    @Inject(bootstrapConfig.factory.KEY) private readonly config: ConfigType<typeof bootstrapConfig.factory>,
    private readonly repository: BootstrapRepository,
    private readonly hasher: PasswordHasher,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    await this.run();
  }

  async run(): Promise<BootstrapOutcome> {
    const config = this.config;
    if (!config.enabled) return 'skipped';
    const tenant = await this.repository.ensureTenant(config.tenant);
    if (await this.repository.userExists(tenant.id, config.adminUser)) return 'already-present';
    const passwordHash = await this.hasher.hash(config.adminPassword);
    const created = await this.repository.createOwnerIfAbsent(tenant.id, config.adminUser, passwordHash);
    this.logger.log(
      { tenant: tenant.slug, user: config.adminUser },
      created ? 'Bootstrap tenant owner created' : 'Bootstrap tenant owner already present',
    );
    return created ? 'created' : 'already-present';
  }
}
