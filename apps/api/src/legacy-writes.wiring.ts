import { Injectable, OnModuleInit } from '@nestjs/common';
import { LegacyWrites } from '@switchyard/routing-gateway';
import { TenancyLegacyWrites } from '@switchyard/tenancy';

/**
 * Connects the gateway's legacy writes to the modules whose state follows them (design.md D54). Wired
 * here so neither library knows the other: the gateway knows no tenancy routes, tenancy no gateway.
 */
@Injectable()
export class LegacyWritesWiring implements OnModuleInit {
  constructor(
    private readonly writes: LegacyWrites,
    private readonly tenancy: TenancyLegacyWrites,
  ) {}

  onModuleInit(): void {
    this.writes.listen((write) => this.tenancy.follow(write));
  }
}
