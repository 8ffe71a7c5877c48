import { BadRequestException, HttpException, NotFoundException } from '@nestjs/common';
import { AppException, DependencyUnavailableException, ValidationFailedException } from './app.exception';
import { toErrorResponse } from './error-mapping';

describe(toErrorResponse.name, () => {
  it('should keep the code, status, message and details of an AppException', () => {
    const response = toErrorResponse(new AppException('SPACE_NOT_FOUND', 404, 'Space not found', { id: 'x' }), 'r1');

    expect(response).toEqual({
      status: 404,
      headers: {},
      body: { statusCode: 404, error: 'SPACE_NOT_FOUND', message: 'Space not found', details: { id: 'x' } },
    });
  });

  it('should name each field and reason of a validation failure', () => {
    const response = toErrorResponse(new ValidationFailedException([{ field: 'username', reason: 'username should not be empty' }]), 'r1');

    expect(response.body).toEqual({
      statusCode: 400,
      error: 'VALIDATION_FAILED',
      message: 'username should not be empty',
      details: [{ field: 'username', reason: 'username should not be empty' }],
    });
  });

  it('should name the dependency of a 503 and suggest a retry', () => {
    const response = toErrorResponse(new DependencyUnavailableException('redis'), 'r1');

    expect(response).toMatchObject({
      status: 503,
      headers: { 'Retry-After': '5' },
      body: { error: 'DEPENDENCY_UNAVAILABLE', message: 'redis is unavailable', details: { dependency: 'redis' } },
    });
  });

  it('should map Nest HTTP exceptions to a stable code', () => {
    expect(toErrorResponse(new NotFoundException('Cannot GET /x'), 'r1').body).toEqual({
      statusCode: 404,
      error: 'NOT_FOUND',
      message: 'Cannot GET /x',
    });
    expect(toErrorResponse(new BadRequestException(), 'r1').body.error).toBe('BAD_REQUEST');
  });

  it('should recognise Fastify body errors wrapped by Nest', () => {
    const cause = Object.assign(new Error('Request body is too large'), { code: 'FST_ERR_CTP_BODY_TOO_LARGE', statusCode: 413 });

    const response = toErrorResponse(new HttpException('Request body is too large', 413, { cause }), 'r1');

    expect(response.body).toEqual({
      statusCode: 413,
      error: 'PAYLOAD_TOO_LARGE',
      message: 'Request body is larger than the configured limit',
    });
  });

  it.each([
    ['refused by the pool', Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:3306'), { code: 'ECONNREFUSED', fatal: true })],
    [
      'lost under a query, wrapped by TypeORM',
      Object.assign(new Error('Connection lost'), {
        name: 'QueryFailedError',
        driverError: { code: 'PROTOCOL_CONNECTION_LOST', fatal: true },
      }),
    ],
    ['too many connections', Object.assign(new Error('Too many connections'), { code: 'ER_CON_COUNT_ERROR' })],
    ['too slow: the pool queue is full', new Error('Queue limit reached.')],
    [
      'too slow: the query outlived DATABASE_QUERY_TIMEOUT_MS',
      Object.assign(new Error('Query inactivity timeout'), { code: 'PROTOCOL_SEQUENCE_TIMEOUT' }),
    ],
  ])('should answer 503 naming the database when it is %s, without its text', (_case, error) => {
    const response = toErrorResponse(error, 'req-db');

    expect(response).toEqual({
      status: 503,
      headers: { 'Retry-After': '5' },
      body: { statusCode: 503, error: 'DEPENDENCY_UNAVAILABLE', message: 'database is unavailable', details: { dependency: 'database' } },
    });
  });

  it('should keep a query the database refused (not an outage) a 500', () => {
    const error = Object.assign(new Error("Unknown column 'x'"), { name: 'QueryFailedError', driverError: { code: 'ER_BAD_FIELD_ERROR' } });

    expect(toErrorResponse(error, 'req-q').status).toBe(500);
  });

  it('should hide an unexpected error behind a 500 carrying only the request id', () => {
    const response = toErrorResponse(new TypeError('secret internals at /srv/app.js:12'), 'req-42');

    expect(response.body).toEqual({
      statusCode: 500,
      error: 'INTERNAL_ERROR',
      message: 'Internal server error',
      details: { requestId: 'req-42' },
    });
  });
});
