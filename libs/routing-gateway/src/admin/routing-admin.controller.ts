import { Body, Controller, Delete, Get, Headers, HttpCode, Param, Post, Put, Query, UseGuards } from '@nestjs/common';
import { KillSwitchDto, ReleaseKillSwitchDto } from './kill-switch.dto';
import {
  ApiBadRequestResponse,
  ApiBearerAuth,
  ApiBody,
  ApiConflictResponse,
  ApiForbiddenResponse,
  ApiHeader,
  ApiNotFoundResponse,
  ApiOkResponse,
  ApiOperation,
  ApiTags,
} from '@nestjs/swagger';
import { AuthUser, CurrentUser, PlatformAdminGuard } from '@switchyard/auth';
import { ErrorBodyDto } from '@switchyard/errors';
import { RoutingPreview } from '../decision/core/routing.assignment';
import { RoutingAdminService, RoutingOverview, RoutingView } from './routing-admin.service';
import { RoutingSpacesService, TenantSpacesOverview } from './routing-spaces.service';
import { SharedShadowReport } from '../shadow/core/shadow.shared';
import { SpacesPageQuery, TenantSpacesParams } from './space-overview.dto';

@ApiTags('admin')
@ApiBearerAuth()
@ApiForbiddenResponse({ type: ErrorBodyDto })
@UseGuards(PlatformAdminGuard)
@Controller('admin/routing')
export class RoutingAdminController {
  constructor(
    private readonly routing: RoutingAdminService,
    private readonly spaces: RoutingSpacesService,
  ) {}

  @ApiOperation({
    summary: 'Read the routing rules',
    description:
      'The active rule set with its version (the ETag to send back in If-Match), kill switches and rollback settings (platform admins).',
  })
  @Get()
  @ApiOkResponse({ description: 'The active routing document with its version, author, time and reason, and the kill switches' })
  get(): RoutingView {
    return this.routing.view();
  }

  @ApiOperation({
    summary: 'Replace the routing rules',
    description: 'Validates and applies a new rule set on every node; needs If-Match with the current version and a reason; audited.',
  })
  @Put()
  @ApiBody({ description: 'A whole routing document (default, features, rules, shadow?, rollback?)', schema: { type: 'object' } })
  @ApiHeader({ name: 'X-Change-Reason', required: false, description: 'Why, for the audit trail' })
  @ApiHeader({ name: 'If-Match', required: false, description: 'The version the change is based on; 409 if the rules changed since' })
  @ApiConflictResponse({ type: ErrorBodyDto, description: 'The rules changed since the If-Match version' })
  @ApiOkResponse({ description: 'Applied on every node; returns the new view' })
  @ApiBadRequestResponse({ type: ErrorBodyDto, description: 'Each problem of the document is listed; the old one stays active' })
  put(
    @CurrentUser() user: AuthUser,
    @Body() document: Record<string, unknown>,
    @Headers('x-change-reason') reason?: string,
    @Headers('if-match') ifMatch?: string,
  ): Promise<RoutingView> {
    return this.routing.replace(document, user, reason, ifMatch);
  }

  @ApiOperation({
    summary: 'Trip a kill switch',
    description: 'Sends a feature (for every tenant, one tenant or one space) to legacy on every node at once; audited.',
  })
  @Post('kill-switches')
  @HttpCode(200)
  @ApiOkResponse({ description: 'Switched off on every node; feature * switches every feature off (the global kill switch)' })
  switchOff(@CurrentUser() user: AuthUser, @Body() body: KillSwitchDto): Promise<RoutingView> {
    return this.routing.switchOff(body, user);
  }

  @ApiOperation({ summary: 'Release a kill switch', description: 'Lets a switched-off feature follow its rules again; audited.' })
  @Delete('kill-switches')
  @ApiOkResponse({ description: 'Released on every node' })
  switchOn(@CurrentUser() user: AuthUser, @Query() query: ReleaseKillSwitchDto): Promise<RoutingView> {
    return this.routing.switchOn(query, user);
  }

  @ApiOperation({
    summary: 'Routing per tenant',
    description: "Per feature, where each tenant's requests go now and why, the kill switches, and this node's live figures.",
  })
  @Get('overview')
  @ApiOkResponse({ description: 'Per feature: rule targets, percentage, each tenant with its side and reason; figures per side' })
  overview(): Promise<RoutingOverview> {
    return this.routing.overview();
  }

  @ApiOperation({
    summary: 'Routing per space of one tenant',
    description: "A page of the tenant's spaces (by name) and, per feature, where each space's requests go now and why.",
  })
  @Get('overview/tenants/:tenantId/spaces')
  @ApiOkResponse({ description: 'Per space: the side and reason of every feature; nextCursor for the next page, total spaces' })
  @ApiBadRequestResponse({ type: ErrorBodyDto, description: 'tenantId, limit or cursor is invalid (the field is named)' })
  @ApiNotFoundResponse({ type: ErrorBodyDto, description: 'No tenant has this id' })
  tenantSpaces(@Param() params: TenantSpacesParams, @Query() query: SpacesPageQuery): Promise<TenantSpacesOverview> {
    return this.spaces.spacesOf(params.tenantId, query.limit, query.cursor);
  }

  @ApiOperation({
    summary: 'Preview a routing change',
    description: 'Which tenants a whole routing document would move to another side if applied now; applies nothing.',
  })
  @Post('preview')
  @HttpCode(200)
  @ApiBody({ description: 'A whole routing document, as for PUT', schema: { type: 'object' } })
  @ApiOkResponse({ description: 'The tenants that change side, and how many per feature and side' })
  @ApiBadRequestResponse({ type: ErrorBodyDto, description: 'Each problem of the document is listed' })
  preview(@Body() document: Record<string, unknown>): Promise<RoutingPreview> {
    return this.routing.preview(document);
  }

  @ApiOperation({
    summary: 'Shadow comparison report',
    description:
      "Matches and mismatches per shadowed route across every node (through Redis), with the latest recorded differences and both bodies; with Redis away, the answering node's own report marked partial.",
  })
  @Get('shadow-report')
  @ApiOkResponse({ description: 'Match and mismatch counts per route, recent differences with both bodies, scope and partial flag' })
  shadowReport(): Promise<SharedShadowReport> {
    return this.routing.shadowReport();
  }

  @ApiOperation({
    summary: 'Routing audit trail',
    description: 'Rule changes, kill switches and automatic rollbacks: who, when, why and the difference.',
  })
  @Get('audit')
  @ApiOkResponse({ description: 'The latest routing changes and automatic rollbacks' })
  audit(): Promise<unknown> {
    return this.routing.audit();
  }
}
