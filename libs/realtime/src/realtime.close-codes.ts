/** How the server closes a socket, so a client knows what to do next. */
export const CloseCode = {
  /** No valid token, or its session ended, changed or expired: connect again with a fresh access token. */
  Unauthorized: 4401,
  /** The client did not read what was sent to it fast enough: reconnect when able to keep up. */
  SlowConsumer: 4408,
  /** The server is shutting down (the WebSocket standard's "going away"). */
  GoingAway: 1001,
} as const;
