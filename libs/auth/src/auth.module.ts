import { DynamicModule, Module, Type } from '@nestjs/common';
import { ConfigType } from '@nestjs/config';
import { APP_GUARD } from '@nestjs/core';
import { ThrottlerModule, ThrottlerStorageService } from '@nestjs/throttler';
import { Clock } from '@switchyard/common';
import { RedisConnection, redisConfig } from '@switchyard/redis';
import { AuthController } from './auth.controller';
import { AuthService } from './auth.service';
import { authConfig } from './config/auth.config';
import { JwtAuthGuard } from './guards/jwt-auth.guard';
import { PlatformAdminGuard } from './guards/platform-admin.guard';
import { PasswordModule } from './password.module';
import { MemorySessionStore } from './session/memory-session.store';
import { RedisSessionStore } from './session/redis-session.store';
import { SessionCheckCache } from './session/session-check.cache';
import { SessionService } from './session/session.service';
import { SessionStore } from './session/session.store';
import { LOGIN_BY_IP, LOGIN_BY_USERNAME, LoginThrottlerGuard, loginTracker } from './throttling/login-throttler.guard';
import { RedisThrottlerStorage } from './throttling/redis-throttler.storage';
import { AccessTokenService } from './tokens/access-token.service';
import { RefreshTokenCodec } from './tokens/refresh-token.codec';
import { UserDirectory } from './user.directory';

export interface AuthModuleOptions {
  /** Modules that provide the user directory (the tenancy module). */
  imports: DynamicModule['imports'];
  userDirectory: Type<UserDirectory>;
}

@Module({})
export class AuthModule {
  static forRoot(options: AuthModuleOptions): DynamicModule {
    return {
      module: AuthModule,
      global: true,
      imports: [
        ...(options.imports ?? []),
        PasswordModule,
        ThrottlerModule.forRootAsync({
          inject: [authConfig.factory.KEY, redisConfig.factory.KEY, RedisConnection],
          useFactory: (
            auth: ConfigType<typeof authConfig.factory>,
            redis: ConfigType<typeof redisConfig.factory>,
            connection: RedisConnection,
          ) => ({
            throttlers: [
              { name: LOGIN_BY_IP, limit: auth.loginThrottle.ipLimit, ttl: auth.loginThrottle.windowMs },
              { name: LOGIN_BY_USERNAME, limit: auth.loginThrottle.userLimit, ttl: auth.loginThrottle.windowMs, getTracker: loginTracker },
            ],
            // Picked once: counters shared through Redis, or kept in this process in the embedded profile.
            storage: redis.url ? new RedisThrottlerStorage(connection) : new ThrottlerStorageService(),
          }),
        }),
      ],
      controllers: [AuthController],
      providers: [
        Clock,
        { provide: UserDirectory, useExisting: options.userDirectory },
        {
          provide: SessionStore,
          inject: [redisConfig.factory.KEY, RedisConnection, Clock],
          useFactory: (redis: ConfigType<typeof redisConfig.factory>, connection: RedisConnection, clock: Clock) =>
            redis.url ? new RedisSessionStore(connection) : new MemorySessionStore(clock),
        },
        SessionCheckCache,
        AccessTokenService,
        RefreshTokenCodec,
        SessionService,
        AuthService,
        LoginThrottlerGuard,
        JwtAuthGuard,
        { provide: APP_GUARD, useExisting: JwtAuthGuard },
        PlatformAdminGuard,
      ],
      // UserDirectory too: a module that uses @UseGuards(PlatformAdminGuard) builds the guard with it.
      exports: [JwtAuthGuard, PlatformAdminGuard, UserDirectory, AccessTokenService, SessionService, PasswordModule],
    };
  }
}
