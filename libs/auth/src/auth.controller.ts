import { Body, Controller, Get, HttpCode, Post, UseGuards } from '@nestjs/common';
import {
  ApiBearerAuth,
  ApiNoContentResponse,
  ApiOkResponse,
  ApiOperation,
  ApiTags,
  ApiTooManyRequestsResponse,
  ApiUnauthorizedResponse,
} from '@nestjs/swagger';
import { ErrorBodyDto } from '@switchyard/errors';
import { AuthService } from './auth.service';
import { AuthUser } from './auth.types';
import { ChangePasswordDto, LoginDto, MeDto, RefreshDto, TokenPairDto } from './dto/auth.dto';
import { CurrentUser, Public } from './guards/auth.decorators';
import { LoginThrottlerGuard } from './throttling/login-throttler.guard';

@ApiTags('auth')
@Controller('auth')
export class AuthController {
  constructor(private readonly auth: AuthService) {}

  @Public()
  @UseGuards(LoginThrottlerGuard)
  @ApiOperation({
    summary: 'Log in',
    description:
      'Checks tenant, username and password and opens a session: answers an access token and a single-use refresh token. Throttled per client address and per account (429 with Retry-After).',
  })
  @Post('login')
  @HttpCode(200)
  @ApiOkResponse({ type: TokenPairDto })
  @ApiUnauthorizedResponse({ type: ErrorBodyDto })
  @ApiTooManyRequestsResponse({ type: ErrorBodyDto, description: 'Throttled per IP and per tenant/username; see Retry-After' })
  login(@Body() body: LoginDto): Promise<TokenPairDto> {
    return this.auth.login(body.tenant, body.username, body.password);
  }

  @Public()
  @ApiOperation({
    summary: 'Rotate the token pair',
    description: 'Spends the refresh token and answers a new pair for the same session; presenting a spent token again ends the session.',
  })
  @Post('refresh')
  @HttpCode(200)
  @ApiOkResponse({ type: TokenPairDto })
  @ApiUnauthorizedResponse({ type: ErrorBodyDto, description: 'Invalid or spent token; a spent one also revokes its session' })
  refresh(@Body() body: RefreshDto): Promise<TokenPairDto> {
    return this.auth.refresh(body.refreshToken);
  }

  @ApiOperation({
    summary: 'Log out',
    description: "Ends the access token's session on every node; its tokens stop working and its WebSocket connections close.",
  })
  @Post('logout')
  @HttpCode(204)
  @ApiBearerAuth()
  @ApiNoContentResponse({ description: 'The session and all its tokens are revoked' })
  logout(@CurrentUser() user: AuthUser): Promise<void> {
    return this.auth.logout(user.sessionId);
  }

  @ApiOperation({
    summary: 'Change the password',
    description: 'Checks the current password, stores the new one and ends every other session of the account.',
  })
  @Post('password')
  @HttpCode(204)
  @ApiBearerAuth()
  @ApiNoContentResponse({ description: 'Password changed; every other session of the account has ended' })
  changePassword(@CurrentUser() user: AuthUser, @Body() body: ChangePasswordDto): Promise<void> {
    return this.auth.changePassword(user, body.currentPassword, body.newPassword);
  }

  @ApiOperation({ summary: 'Who am I', description: 'The user, tenant and role behind the access token.' })
  @Get('me')
  @ApiBearerAuth()
  @ApiOkResponse({ type: MeDto })
  me(@CurrentUser() user: AuthUser): MeDto {
    return { id: user.userId, username: user.username, tenantId: user.tenantId, role: user.role };
  }
}
