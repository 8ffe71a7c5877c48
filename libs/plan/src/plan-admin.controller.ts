import { Controller, Get, UseGuards } from '@nestjs/common';
import { ApiBearerAuth, ApiForbiddenResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { PlatformAdminGuard } from '@switchyard/auth';
import { ErrorBodyDto } from '@switchyard/errors';
import { PlanService, PlanSummary } from './plan.service';

/** Plan v1, read-only: the dependency order and the risk distribution, for platform administrators (Plan v1 says so). */
@ApiTags('admin')
@ApiBearerAuth()
@UseGuards(PlatformAdminGuard)
@Controller('admin/plan')
export class PlanAdminController {
  constructor(private readonly plan: PlanService) {}

  @ApiOperation({
    summary: 'Plan v1 progress',
    description: 'The tasks of Plan v1 in dependency order with their status and the risk distribution (platform admins).',
  })
  @Get()
  @ApiOkResponse({ description: 'Plan version and status, dependency levels with each task risk, and the risk distribution' })
  @ApiForbiddenResponse({ type: ErrorBodyDto })
  summary(): Promise<PlanSummary> {
    return this.plan.getSummary();
  }
}
