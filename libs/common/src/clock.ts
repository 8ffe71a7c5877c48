import { Injectable } from '@nestjs/common';

/** Time as an adapter, so rules about expiry and windows are testable without waiting. */
@Injectable()
export class Clock {
  now(): number {
    return Date.now();
  }
}
