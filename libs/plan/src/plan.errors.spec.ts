import { AppException, toErrorResponse } from '@switchyard/errors';
import { PlanErrorCode, PlanException } from './plan.errors';

describe(PlanException.name, () => {
  it('should map an invalid plan to 422 with its problems as details', () => {
    const problems = [{ code: 'missing-field', message: 'SWY-001: missing field "Risk"' }];

    const exception = new PlanException(PlanErrorCode.PlanInvalid, 'plan invalid: 1 problem', problems);

    expect(exception).toBeInstanceOf(AppException);
    expect(toErrorResponse(exception, 'request-1').body).toEqual({
      statusCode: 422,
      error: 'PLAN_INVALID',
      message: 'plan invalid: 1 problem',
      details: problems,
    });
  });

  it('should map a plan file the server cannot read to 500', () => {
    const codes = [PlanErrorCode.FileNotFound, PlanErrorCode.FileUnreadable];

    const statuses = codes.map((code) => new PlanException(code, 'plan file not found: /srv/tasks.md').status);

    expect(statuses).toEqual([500, 500]);
  });
});
