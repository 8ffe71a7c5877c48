import { Module } from '@nestjs/common';
import { TenancyModule } from '@switchyard/tenancy';
import { SqlValidationController } from './sql-validation.controller';
import { SqlValidationService } from './sql-validation.service';

@Module({
  imports: [TenancyModule],
  controllers: [SqlValidationController],
  providers: [SqlValidationService],
})
export class SqlModule {}
