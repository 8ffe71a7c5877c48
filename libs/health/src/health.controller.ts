import { Controller, Get } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiServiceUnavailableResponse, ApiTags } from '@nestjs/swagger';
import { HealthCheckResult } from '@nestjs/terminus';
import { Public } from '@switchyard/common';
import { ErrorBodyDto } from '@switchyard/errors';
import { HealthService } from './health.service';

@ApiTags('health')
@Public()
@Controller('health')
export class HealthController {
  constructor(private readonly health: HealthService) {}

  @ApiOperation({ summary: 'Liveness', description: 'Answers while the process serves requests.' })
  @Get('live')
  @ApiOkResponse({ description: 'The process is up and serving requests' })
  live(): { status: 'ok' } {
    return { status: 'ok' };
  }

  @ApiOperation({ summary: 'Readiness', description: 'Answers 200 when every dependency answers, 503 naming those that do not.' })
  @Get('ready')
  @ApiOkResponse({ description: 'Every dependency answered' })
  @ApiServiceUnavailableResponse({ type: ErrorBodyDto, description: 'Names each failing dependency' })
  ready(): Promise<HealthCheckResult> {
    return this.health.readiness();
  }
}
