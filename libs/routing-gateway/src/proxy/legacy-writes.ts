import { Injectable, Logger } from '@nestjs/common';

/** A write legacy accepted (a status below 400 to a method other than GET, HEAD or OPTIONS) for a caller Switchyard identified. */
export interface LegacyWrite {
  method: string;
  /** The path as the client sent it, without the query. */
  path: string;
  tenantId: string;
  userId: string;
  status: number;
}

/** What a module does about a legacy write to the state it keeps beside the shared database (a cache, sessions). */
export type LegacyWriteListener = (write: LegacyWrite) => Promise<void>;

/**
 * Both backends write one database (design.md D54), but only Switchyard holds a cache of it and the sessions
 * carrying roles. A write that legacy served through this gateway is told to the modules owning that state
 * before the client hears legacy's answer, so the client's next request, served by either side, sees it.
 */
@Injectable()
export class LegacyWrites {
  private readonly logger = new Logger(LegacyWrites.name);
  private readonly listeners: LegacyWriteListener[] = [];

  listen(listener: LegacyWriteListener): void {
    this.listeners.push(listener);
  }

  /** Runs every listener in turn; a failing one is logged and never fails the client's response (legacy has committed). */
  async applied(write: LegacyWrite): Promise<void> {
    for (const listener of this.listeners) {
      try {
        await listener(write);
      } catch (error) {
        this.logger.warn({ method: write.method, path: write.path, error: (error as Error).message }, 'Could not follow a legacy write');
      }
    }
  }
}

/** Whether legacy's answer to this request is a write Switchyard's own state must follow. */
export function isLegacyWrite(method: string, status: number): boolean {
  return status < 400 && method !== 'GET' && method !== 'HEAD' && method !== 'OPTIONS';
}
