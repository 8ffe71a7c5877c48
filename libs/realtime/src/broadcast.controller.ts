import { Body, Controller, HttpCode, Post } from '@nestjs/common';
import { ApiAcceptedResponse, ApiBadRequestResponse, ApiBearerAuth, ApiForbiddenResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { AuthUser, CurrentUser, TenantRoles } from '@switchyard/auth';
import { ErrorBodyDto } from '@switchyard/errors';
import { BroadcastAcceptedDto, BroadcastDto } from './broadcast.dto';
import { RealtimeService } from './realtime.service';

@ApiTags('admin')
@ApiBearerAuth()
@Controller('admin/broadcast')
export class BroadcastController {
  constructor(private readonly realtime: RealtimeService) {}

  @ApiOperation({
    summary: 'Broadcast an event',
    description: "Pushes an event to every connection of the caller's tenant, to a topic's subscribers or to one user, on every node.",
  })
  @Post()
  @HttpCode(202)
  @TenantRoles('owner', 'admin')
  @ApiAcceptedResponse({
    type: BroadcastAcceptedDto,
    description: 'Queued for every node; reaches the matching clients of the caller tenant',
  })
  @ApiBadRequestResponse({ type: ErrorBodyDto })
  @ApiForbiddenResponse({ type: ErrorBodyDto })
  broadcast(@CurrentUser() user: AuthUser, @Body() body: BroadcastDto): Promise<BroadcastAcceptedDto> {
    return this.realtime.broadcast(user, body);
  }
}
