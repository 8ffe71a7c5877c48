import { TenantRole } from '@switchyard/database';

/** What an internal caller learns about an access token; a bad token is an answer, not an error. */
export type TokenVerification = { valid: false } | { valid: true; userId: string; tenantId: string; role: TenantRole };

/** A realtime event for one tenant: to a topic, to one user, or (neither given) to all its clients. */
export interface PublishEventCommand {
  tenantId: string;
  event: string;
  dataJson: string;
  topic?: string;
  userId?: string;
}
