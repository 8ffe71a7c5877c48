import { Inject, Injectable, Logger, OnModuleInit } from '@nestjs/common';
import { ConfigType } from '@nestjs/config';
import { DependencyUnavailableException } from '@switchyard/errors';
import { isIP } from 'node:net';
import { datasourceConfig } from '../config/datasource.config';
import { hostNotAllowed, hostUnresolvable } from '../datasource.errors';
import { EgressPolicy, refusalReason } from './egress.policy';
import { HostResolver } from './host.resolver';

/** Where datasources may point: the configured policy applied to a host and to every address its name resolves to. */
@Injectable()
export class DatasourceEgress implements OnModuleInit {
  private readonly logger = new Logger(DatasourceEgress.name);
  private readonly policy: EgressPolicy;

  constructor(
    @Inject(datasourceConfig.factory.KEY) config: Pick<ConfigType<typeof datasourceConfig.factory>, 'egress'>,
    private readonly resolver: HostResolver,
  ) {
    this.policy = new EgressPolicy(config.egress);
  }

  onModuleInit(): void {
    this.logger.log(this.policy.describe());
  }

  /**
   * Throws a 400 naming the host field unless the host, and every address it resolves to now, may be reached.
   * `datasourceId` names a stored definition checked again just before it is used.
   */
  async requireAllowed(host: string, datasourceId?: string): Promise<void> {
    const byName = this.policy.refusalOfName(host);
    if (byName) throw hostNotAllowed(refusalReason(byName, false), datasourceId);
    const literal = isIP(host) !== 0;
    const addresses = literal ? [host] : await this.addressesOf(host, datasourceId);
    for (const address of addresses) {
      const refusal = this.policy.refusalOfAddress(address);
      // One refused address is enough: a name that also resolves to loopback could be dialled there.
      if (refusal) throw hostNotAllowed(refusalReason(refusal, literal), datasourceId);
    }
  }

  private async addressesOf(host: string, datasourceId: string | undefined): Promise<string[]> {
    const answer = await this.resolver.addressesOf(host);
    if (answer.kind === 'not-found') throw hostUnresolvable(datasourceId);
    if (answer.kind === 'unavailable') throw new DependencyUnavailableException('dns', new Error(`lookup of ${host}: ${answer.reason}`));
    return answer.addresses;
  }
}
