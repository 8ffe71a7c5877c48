import { Controller, Get, Header } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import { Public } from '@switchyard/common';
import { register } from 'prom-client';
import { MetricsSource } from './metrics.source';

@ApiExcludeController()
@Public()
@Controller('metrics')
export class MetricsController {
  constructor(private readonly source: MetricsSource) {}

  @Get()
  @Header('Content-Type', register.contentType)
  metrics(): Promise<string> {
    return this.source.metrics();
  }
}
