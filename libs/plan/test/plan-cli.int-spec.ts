import { spawnSync } from 'node:child_process';
import { resolve } from 'node:path';

const REPOSITORY = resolve(__dirname, '../../..');
const FIXTURES = resolve(__dirname, 'fixtures');

interface CliRun {
  status: number | null;
  stdout: string;
  stderr: string;
}

/** Runs the plan command as its own process, exactly as `npm run plan -- …` does. */
function runCli(...commandLine: string[]): CliRun {
  const result = spawnSync(
    process.execPath,
    ['-r', 'ts-node/register/transpile-only', '-r', 'tsconfig-paths/register', 'libs/plan/src/plan.cli.ts', ...commandLine],
    { cwd: REPOSITORY, encoding: 'utf8', env: { ...process.env, TS_NODE_PROJECT: resolve(REPOSITORY, 'tsconfig.json') } },
  );
  return { status: result.status, stdout: result.stdout, stderr: result.stderr };
}

function fixture(name: string): string {
  return resolve(FIXTURES, `${name}.md`);
}

describe('plan command (process)', () => {
  describe('validate', () => {
    it('should exit 0 for the real Plan v1 in openspec', () => {
      const commandLine = ['validate'];

      const run = runCli(...commandLine);

      expect(run.status).toBe(0);
      expect(run.stdout).toContain('openspec/changes/refactor-backend-to-go/tasks.md: valid');
      expect(run.stdout).toMatch(/Plan \d+\.\d+ \(approved\): \d+ tasks in \d+ milestones, no problems/);
    });

    it('should exit 0 for the valid fixture', () => {
      const commandLine = ['validate', '--file', fixture('valid')];

      const run = runCli(...commandLine);

      expect(run.status).toBe(0);
    });

    it.each([
      ['missing-field', ['FIX-002: missing field "Rollback"', 'FIX-004: field "Inputs" is empty']],
      ['duplicate-id', ['FIX-002: duplicate ID, already declared on line 23']],
      ['unknown-dependency', ['FIX-005: depends on unknown task FIX-042']],
      ['cycle', ['dependency cycle: FIX-002 → FIX-003 → FIX-002']],
      ['bad-risk', ['FIX-003: risk "critical" is not a risk level (low, medium, high)']],
    ])('should exit 1 and report every problem of the %s fixture', (name, messages) => {
      const commandLine = ['validate', '--file', fixture(name)];

      const run = runCli(...commandLine);

      expect(run.status).toBe(1);
      expect(run.stdout).toContain(`${messages.length} problem`);
      messages.forEach((message) => expect(run.stdout).toContain(message));
    });

    it('should print the problems as JSON with --json', () => {
      const commandLine = ['validate', '--json', '--file', fixture('cycle')];

      const run = runCli(...commandLine);

      expect(run.status).toBe(1);
      expect(JSON.parse(run.stdout)).toMatchObject({
        valid: false,
        problems: [{ code: 'dependency-cycle', message: 'dependency cycle: FIX-002 → FIX-003 → FIX-002', taskId: 'FIX-002' }],
      });
    });
  });

  describe('order', () => {
    it('should print numbered levels with the risk of each task', () => {
      const commandLine = ['order', '--file', fixture('valid')];

      const run = runCli(...commandLine);

      expect(run.status).toBe(0);
      expect(run.stdout).toContain('Level 1\n  FIX-001  low     done');
      expect(run.stdout).toContain('Level 2\n  FIX-002  medium  in-progress  Database layer\n  FIX-004  low');
    });

    it('should return the levels as JSON', () => {
      const commandLine = ['order', '--json', '--file', fixture('valid')];

      const run = runCli(...commandLine);

      const levels = JSON.parse(run.stdout).levels as { level: number; tasks: { id: string }[] }[];
      expect(levels.map((level) => level.tasks.map((task) => task.id))).toEqual([
        ['FIX-001'],
        ['FIX-002', 'FIX-004'],
        ['FIX-003'],
        ['FIX-005'],
      ]);
    });

    it('should exit 1 and list the problems of an invalid plan on stderr', () => {
      const commandLine = ['order', '--file', fixture('cycle')];

      const run = runCli(...commandLine);

      expect(run.status).toBe(1);
      expect(run.stderr).toContain('error: plan invalid: 1 problem');
      expect(run.stderr).toContain('dependency cycle: FIX-002 → FIX-003 → FIX-002');
    });
  });

  describe('risk', () => {
    it('should print the distribution and each high-risk rollback', () => {
      const commandLine = ['risk', '--file', fixture('valid')];

      const run = runCli(...commandLine);

      expect(run.status).toBe(0);
      expect(run.stdout).toContain('  high      2   40.0%');
      expect(run.stdout).toContain('  FIX-003  Authentication (todo)\n    rollback: route login back to legacy');
    });

    it('should return counts and shares as JSON', () => {
      const commandLine = ['risk', '--json'];

      const run = runCli(...commandLine);

      const report = JSON.parse(run.stdout);
      expect(run.status).toBe(0);
      expect(report.distribution.low.count + report.distribution.medium.count + report.distribution.high.count).toBe(report.total);
    });
  });

  describe('check', () => {
    it('should allow a task of the real plan with no dependency', () => {
      const commandLine = ['check', 'SWY-001'];

      const run = runCli(...commandLine);

      expect(run.status).toBe(0);
      expect(run.stdout).toContain('ALLOWED SWY-001');
    });

    it('should refuse a task that Plan v1 does not declare', () => {
      const commandLine = ['check', 'SWY-999'];

      const run = runCli(...commandLine);

      expect(run.status).toBe(1);
      expect(run.stderr).toContain('REFUSED SWY-999: not declared in Plan v1');
    });

    it('should refuse a task whose dependencies are not done', () => {
      const commandLine = ['check', 'FIX-003', '--file', fixture('valid')];

      const run = runCli(...commandLine);

      expect(run.status).toBe(1);
      expect(run.stderr).toContain('REFUSED FIX-003: blocked by FIX-002 (in-progress)');
    });

    it('should refuse any task of a draft plan', () => {
      const commandLine = ['check', 'FIX-001', '--file', fixture('draft')];

      const run = runCli(...commandLine);

      expect(run.status).toBe(1);
      expect(run.stderr).toContain('plan not approved');
    });

    it('should give the decision as JSON on stdout', () => {
      const commandLine = ['check', 'FIX-002', '--json', '--file', fixture('valid')];

      const run = runCli(...commandLine);

      expect(run.status).toBe(0);
      expect(JSON.parse(run.stdout)).toMatchObject({ taskId: 'FIX-002', allowed: true, reasons: [] });
    });
  });

  describe('graph', () => {
    it('should print a Mermaid flowchart coloured by risk', () => {
      const commandLine = ['graph', '--file', fixture('valid')];

      const run = runCli(...commandLine);

      expect(run.status).toBe(0);
      expect(run.stdout).toMatch(/^flowchart TD\n/);
      expect(run.stdout).toContain('FIX_002 --> FIX_005');
      expect(run.stdout).toContain('class FIX_003,FIX_005 high');
    });

    it('should wrap the flowchart in JSON with --json', () => {
      const commandLine = ['graph', '--json'];

      const run = runCli(...commandLine);

      expect(run.status).toBe(0);
      expect(JSON.parse(run.stdout).mermaid).toContain('flowchart TD');
    });
  });

  describe('errors', () => {
    it('should exit 2 and name a missing plan file', () => {
      const commandLine = ['validate', '--file', 'no/such/tasks.md'];

      const run = runCli(...commandLine);

      expect(run.status).toBe(2);
      expect(run.stderr).toContain(`error: plan file not found: ${resolve(REPOSITORY, 'no/such/tasks.md')}`);
    });

    it('should exit 2 for a plan path that cannot be read', () => {
      const commandLine = ['risk', '--json', '--file', FIXTURES];

      const run = runCli(...commandLine);

      expect(run.status).toBe(2);
      expect(JSON.parse(run.stdout)).toEqual({
        error: { code: 'PLAN_FILE_UNREADABLE', message: `plan file unreadable: ${FIXTURES} (EISDIR)` },
      });
    });

    it('should exit 2 for an unknown verb', () => {
      const commandLine = ['approve'];

      const run = runCli(...commandLine);

      expect(run.status).toBe(2);
      expect(run.stderr).toContain("unknown command 'approve'");
    });
  });
});
