import { resolve } from 'node:path';
import { PlanCliOutput, PlanExitCode, runPlanCli } from './plan.cli';

class CapturedOutput implements PlanCliOutput {
  out = '';
  err = '';
  stdout = (text: string): void => {
    this.out += text;
  };
  stderr = (text: string): void => {
    this.err += text;
  };
}

const FIXTURES = resolve(__dirname, '../test/fixtures');

async function run(...args: string[]): Promise<{ code: number; output: CapturedOutput }> {
  const output = new CapturedOutput();
  const code = await runPlanCli(['node', 'plan.cli.ts', ...args], output);
  return { code, output };
}

// The process-level behaviour is covered by libs/plan/test/plan-cli.int-spec.ts; these run in-process.
describe(runPlanCli.name, () => {
  it('should exit 0 and print the report of a valid plan', async () => {
    const file = `${FIXTURES}/valid.md`;

    const { code, output } = await run('validate', '--file', file);

    expect(code).toBe(PlanExitCode.Ok);
    expect(output.out).toContain('valid\nPlan 2.3 (approved): 5 tasks in 2 milestones, no problems');
  });

  it('should accept the global options before the verb', async () => {
    const file = `${FIXTURES}/valid.md`;

    const { code, output } = await run('--json', '--file', file, 'risk');

    expect(code).toBe(PlanExitCode.Ok);
    expect(JSON.parse(output.out)).toMatchObject({ total: 5, distribution: { high: { count: 2, share: 0.4 } } });
  });

  it('should exit 2 with usage help for an unknown verb', async () => {
    const verb = 'deploy';

    const { code, output } = await run(verb);

    expect(code).toBe(PlanExitCode.Usage);
    expect(output.err).toContain("unknown command 'deploy'");
  });

  it('should exit 2 when check has no task ID', async () => {
    const verb = 'check';

    const { code, output } = await run(verb);

    expect(code).toBe(PlanExitCode.Usage);
    expect(output.err).toContain("missing required argument 'id'");
  });

  it('should exit 2 without a verb and 0 for --help', async () => {
    const noVerb = await run();

    const help = await run('--help');

    expect(noVerb.code).toBe(PlanExitCode.Usage);
    expect(help.code).toBe(PlanExitCode.Ok);
    expect(help.output.out).toContain('Exit codes:');
  });

  it('should exit 2 and name the file when it does not exist', async () => {
    const file = `${FIXTURES}/absent.md`;

    const { code, output } = await run('order', '--file', file);

    expect(code).toBe(PlanExitCode.Usage);
    expect(output.err).toBe(`error: plan file not found: ${file}\n`);
  });
});
