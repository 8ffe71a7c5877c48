import { PlanModule, PlanService } from '@switchyard/plan';
import { Test } from '@nestjs/testing';
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';

const REPOSITORY = resolve(__dirname, '../../..');
const CHANGE = resolve(REPOSITORY, 'openspec/changes/refactor-backend-to-go');

// Every scenario of the original (Go) specification must survive the restatement for NestJS.
const SEED_SCENARIOS = [
  'HTTP Server Startup',
  'Request Routing',
  'Database Connection',
  'CRUD Operations',
  'Complex Queries',
  'WebSocket Connection',
  'Message Broadcasting',
  'Heartbeat Keep-alive',
  'Token Generation',
  'Token Validation',
  'Token Refresh',
  'Cache Read',
  'Cache Write',
  'Session Storage',
  'Request Logging',
  'Error Logging',
  'Log Format',
  'Distributed Tracing',
  'Metrics Collection',
  'Trace Export',
  'Task Scheduling',
  'Cron Expression',
  'Distributed Lock',
  'Calcite SQL Parsing',
  'SeaTunnel Data Sync',
  'Connection Pooling',
  'Feature Toggle',
  'Traffic Routing',
  'Fallback',
  'Plan authority',
  'Unplanned task rejection',
  'Required task fields',
  'Dependency and risk traceability',
];

/** Runs the OpenSpec command line offline: OPENSPEC_TELEMETRY=0 also turns off its update check. */
function openspec(...commandLine: string[]): { status: number | null; json: unknown } {
  const result = spawnSync(process.execPath, [resolve(REPOSITORY, 'node_modules/@fission-ai/openspec/bin/openspec.js'), ...commandLine], {
    cwd: REPOSITORY,
    encoding: 'utf8',
    env: { ...process.env, OPENSPEC_TELEMETRY: '0', NO_COLOR: '1' },
  });
  return { status: result.status, json: JSON.parse(result.stdout) };
}

describe('OpenSpec change refactor-backend-to-go', () => {
  it('should pass strict OpenSpec validation', () => {
    const commandLine = ['validate', 'refactor-backend-to-go', '--strict', '--json', '--no-interactive'];

    const result = openspec(...commandLine);

    expect(result.status).toBe(0);
    expect(result.json).toMatchObject({ items: [{ id: 'refactor-backend-to-go', valid: true, issues: [] }] });
  });

  it('should keep every scenario of the seed specification in the delta', () => {
    const spec = readFileSync(resolve(CHANGE, 'specs/backend-go-architecture/spec.md'), 'utf8');

    const scenarios = [...spec.matchAll(/^#### Scenario: (.+)$/gm)].map((match) => match[1].trim());

    expect(scenarios).toEqual(expect.arrayContaining(SEED_SCENARIOS));
    expect(spec.match(/^### Requirement: /gm)).toHaveLength(12);
  });

  it('should count exactly the Plan v1 tasks as OpenSpec progress', async () => {
    const testingModule = await Test.createTestingModule({ imports: [PlanModule.forRoot()] }).compile();
    const plan = await testingModule.get(PlanService).order();
    const tasks = plan.levels.flatMap((level) => level.tasks);

    const result = openspec('list', '--json');

    expect(result.json).toMatchObject({
      changes: [
        {
          name: 'refactor-backend-to-go',
          totalTasks: tasks.length,
          completedTasks: tasks.filter((task) => task.status === 'done').length,
        },
      ],
    });
  });
});
