/**
 * Who a realtime message is for; always within one tenant, except `admin` topics: only platform
 * admins may subscribe to those, and platform-wide figures belong to no one tenant.
 */
export type RealtimeTarget =
  { kind: 'all' } | { kind: 'topic'; topic: string } | { kind: 'user'; userId: string } | { kind: 'admin'; topic: AdminTopic };

/** What travels on the event bus to every node, and what each node's hub delivers. */
export interface RealtimeEnvelope {
  tenantId: string;
  target: RealtimeTarget;
  event: string;
  data: unknown;
}

/** The wire format of every message, both ways: `{"event": string, "data": any}`. */
export interface WireMessage {
  event: string;
  data?: unknown;
}

export const SPACE_TOPIC = /^space:([0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12})$/;

/** Platform-wide topics for platform admins (the migration console). */
export const ADMIN_TOPICS = ['admin:routing'] as const;
export type AdminTopic = (typeof ADMIN_TOPICS)[number];

export function isAdminTopic(topic: unknown): topic is AdminTopic {
  return (ADMIN_TOPICS as readonly unknown[]).includes(topic);
}
