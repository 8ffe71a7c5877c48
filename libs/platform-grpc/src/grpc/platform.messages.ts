// The messages of proto/platform.proto as @grpc/proto-loader hands them over (camelCase, int64 as number).
// Requests are classes: the validation pipe checks them before a handler runs, naming the proto field.
import { SPACE_TOPIC } from '@switchyard/realtime';
import { IsIn, IsOptional, IsString, Matches, ValidateBy, ValidationOptions } from 'class-validator';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
// The same rule as POST /admin/broadcast.
const EVENT_NAME = /^[A-Za-z0-9][\w.:-]{0,99}$/;

/** Text that JSON.parse accepts: any JSON value, not only an object (class-validator's IsJSON wants one). */
function IsJsonText(options: ValidationOptions): PropertyDecorator {
  return ValidateBy(
    {
      name: 'isJsonText',
      validator: {
        validate: (value: unknown) => {
          if (typeof value !== 'string') return false;
          try {
            JSON.parse(value);
            return true;
          } catch {
            return false;
          }
        },
      },
    },
    options,
  );
}

export class VerifyTokenRequest {
  @IsString()
  accessToken!: string;
}

export interface VerifyTokenResponse {
  valid: boolean;
  userId: string;
  tenantId: string;
  role: string;
}

export class PublishEventRequest {
  @Matches(UUID, { message: 'tenant_id must be a UUID' })
  tenantId!: string;

  @Matches(EVENT_NAME, { message: 'event must be 1-100 characters of letters, digits and . : _ -' })
  event!: string;

  @IsJsonText({ message: 'data_json must be valid JSON' })
  dataJson!: string;

  @IsOptional()
  @Matches(SPACE_TOPIC, { message: 'topic must be space:<space id>' })
  topic?: string;

  @IsOptional()
  @Matches(UUID, { message: 'user_id must be a UUID' })
  userId?: string;

  /** Which member of the `target` oneof is set, if any (the last one on the wire, should a caller send both). */
  @IsOptional()
  @IsIn(['topic', 'userId'])
  target?: 'topic' | 'userId';
}

export interface PublishEventResponse {
  accepted: boolean;
}

export class GetSyncRunRequest {
  @Matches(UUID, { message: 'tenant_id must be a UUID' })
  tenantId!: string;

  @Matches(UUID, { message: 'run_id must be a UUID' })
  runId!: string;
}

export interface SyncRunMessage {
  id: string;
  jobId: string;
  status: string;
  rowsRead: number;
  rowsWritten: number;
  error: string;
}
