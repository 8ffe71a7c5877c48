import { Body, Controller, HttpCode, Param, ParseUUIDPipe, Post, Res } from '@nestjs/common';
import { ApiBearerAuth, ApiNotFoundResponse, ApiOkResponse, ApiOperation, ApiServiceUnavailableResponse, ApiTags } from '@nestjs/swagger';
import { AuthUser, CurrentUser } from '@switchyard/auth';
import { ErrorBodyDto } from '@switchyard/errors';
import { FastifyReply } from 'fastify';
import { SqlValidationDto, ValidateSqlDto } from './sql-validation.dto';
import { SqlValidationService } from './sql-validation.service';

@ApiTags('sql')
@ApiBearerAuth()
@Controller('spaces/:spaceId/sql')
export class SqlValidationController {
  constructor(private readonly sql: SqlValidationService) {}

  @ApiOperation({
    summary: 'Validate SQL',
    description:
      'Parses and validates a statement with Calcite: its type and tables, or the line and column of the error. Identical statements are answered from the cache.',
  })
  @Post('validate')
  @HttpCode(200)
  @ApiOkResponse({ type: SqlValidationDto, description: 'X-Cache says whether identical SQL was answered from the cache' })
  @ApiNotFoundResponse({ type: ErrorBodyDto })
  @ApiServiceUnavailableResponse({ type: ErrorBodyDto, description: 'Calcite is down or its circuit is open' })
  async validate(
    @CurrentUser() user: AuthUser,
    @Param('spaceId', new ParseUUIDPipe({ version: '4' })) spaceId: string,
    @Body() body: ValidateSqlDto,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<SqlValidationDto> {
    const read = await this.sql.validate(user, spaceId, body);
    void reply.header('X-Cache', read.status);
    return read.value;
  }
}
