import { Controller, Get, Res } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import { Public } from '@switchyard/common';
import { FastifyReply } from 'fastify';
import { MetricsSource } from './metrics.source';

@ApiExcludeController()
@Public()
@Controller('metrics')
export class MetricsController {
  constructor(private readonly source: MetricsSource) {}

  @Get()
  async metrics(@Res({ passthrough: true }) reply: FastifyReply): Promise<string> {
    const text = await this.source.text();
    void reply.header('content-type', this.source.contentType);
    return text;
  }
}
