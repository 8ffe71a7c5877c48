import { toSqlAnalysis, toSubmitTaskRequest, toSyncTask, toTaskStatus } from './proto.clients';

describe(toSyncTask.name, () => {
  it('should read the wire percentage as a 0-1 fraction and keep every other field', () => {
    const warn = jest.fn();

    const task = toSyncTask(
      {
        id: 't-1',
        name: 'orders',
        source: 'mysql://a/db.orders',
        target: 'doris://b/dw.orders',
        status: 'SUCCEEDED',
        progress: 100,
        rowsRead: 10,
        rowsWritten: 9,
        error: '',
        createdAtMs: 1,
        startedAtMs: 2,
        finishedAtMs: 3,
      },
      warn,
    );

    expect(task).toEqual({
      id: 't-1',
      name: 'orders',
      source: 'mysql://a/db.orders',
      target: 'doris://b/dw.orders',
      status: 'SUCCEEDED',
      progress: 1,
      rowsRead: 10,
      rowsWritten: 9,
      error: '',
      createdAtMs: 1,
      startedAtMs: 2,
      finishedAtMs: 3,
    });
    expect(warn).not.toHaveBeenCalled();
  });

  it('should fill the fields a peer of the origin contract does not send', () => {
    const task = toSyncTask({ id: 't-2', status: 'PENDING', progress: 37 }, jest.fn());

    expect(task).toMatchObject({ id: 't-2', status: 'PENDING', progress: 0.37, rowsRead: 0, error: '', createdAtMs: 0 });
  });

  it('should clamp a percentage outside 0-100', () => {
    expect(toSyncTask({ progress: 250 }, jest.fn()).progress).toBe(1);
    expect(toSyncTask({ progress: -5 }, jest.fn()).progress).toBe(0);
  });
});

describe(toTaskStatus.name, () => {
  it.each(['PENDING', 'RUNNING', 'SUCCEEDED', 'FAILED', 'CANCELLED'])('should read %s as itself', (status) => {
    const warn = jest.fn();

    expect(toTaskStatus(status, warn)).toBe(status);
    expect(warn).not.toHaveBeenCalled();
  });

  it('should read unknown text as RUNNING and warn with the text', () => {
    const warn = jest.fn();

    const status = toTaskStatus('SCHEDULED', warn);

    expect(status).toBe('RUNNING');
    expect(warn).toHaveBeenCalledWith('Unknown SeaTunnel task status "SCHEDULED", read as RUNNING');
  });

  it('should read empty text as RUNNING and warn', () => {
    const warn = jest.fn();

    expect(toTaskStatus('', warn)).toBe('RUNNING');
    expect(warn).toHaveBeenCalledTimes(1);
  });
});

describe(toSqlAnalysis.name, () => {
  it('should keep only the analysis fields of a ParseSQL or ValidateSQL answer', () => {
    const analysis = toSqlAnalysis({
      normalizedSql: 'SELECT 1',
      rawSql: ' SELECT 1 ',
      valid: false,
      message: 'bad',
      statementType: 'SELECT',
      tables: ['t'],
      errors: [{ line: 1, column: 2, message: 'bad' }],
    });

    expect(analysis).toEqual({ valid: false, statementType: 'SELECT', tables: ['t'], errors: [{ line: 1, column: 2, message: 'bad' }] });
  });
});

describe(toSubmitTaskRequest.name, () => {
  it('should wrap name, source and target in the task and default the additions', () => {
    const request = toSubmitTaskRequest({ name: 'orders', source: 's', target: 't' });

    expect(request).toEqual({ task: { name: 'orders', source: 's', target: 't' }, tableMapping: {}, idempotencyKey: '' });
  });
});
