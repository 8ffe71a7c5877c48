import { installRejectionLogging } from './unhandled-rejections';

describe(installRejectionLogging.name, () => {
  it('should log an unhandled rejection with its error instead of letting the process exit', () => {
    const logged: unknown[][] = [];
    const handler = installRejectionLogging({ error: (...args: unknown[]) => void logged.push(args) });
    try {
      handler(new Error('audit insert failed'));
      handler('a bare string');

      expect(process.listeners('unhandledRejection')).toContain(handler);
      expect(logged).toEqual([
        [{ err: new Error('audit insert failed') }, 'Unhandled promise rejection (a defect; the node keeps serving): audit insert failed'],
        [{ err: new Error('a bare string') }, 'Unhandled promise rejection (a defect; the node keeps serving): a bare string'],
      ]);
    } finally {
      process.off('unhandledRejection', handler);
    }
  });
});
