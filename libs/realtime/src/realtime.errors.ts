import { AppException } from '@switchyard/errors';

export enum RealtimeErrorCode {
  InvalidTopic = 'INVALID_TOPIC',
  TooManyTopics = 'TOO_MANY_TOPICS',
  InvalidTarget = 'INVALID_BROADCAST_TARGET',
  InvalidMessage = 'INVALID_MESSAGE',
  UnknownEvent = 'UNKNOWN_EVENT',
}

const STATUS: Record<RealtimeErrorCode, number> = {
  [RealtimeErrorCode.InvalidTopic]: 400,
  [RealtimeErrorCode.TooManyTopics]: 400,
  [RealtimeErrorCode.InvalidTarget]: 400,
  [RealtimeErrorCode.InvalidMessage]: 400,
  [RealtimeErrorCode.UnknownEvent]: 400,
};

export class RealtimeException extends AppException {
  constructor(code: RealtimeErrorCode, message: string, details?: unknown) {
    super(code, STATUS[code], message, details);
  }
}
