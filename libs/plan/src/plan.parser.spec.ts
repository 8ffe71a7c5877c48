import { buildSingleMilestonePlan } from '../test/plan-markdown.builder';
import { parsePlan } from './plan.parser';

describe(parsePlan.name, () => {
  it('should read the header fields with their line numbers', () => {
    const markdown = buildSingleMilestonePlan([]);

    const parsed = parsePlan(markdown);

    expect(parsed.header).toEqual({
      version: { value: '1.0', line: 3 },
      status: { value: 'approved', line: 4 },
      reviewers: { value: 'Ada Lovelace; Grace Hopper', line: 5 },
      reviewDate: { value: '2026-11-27', line: 6 },
    });
  });

  it('should read the number, ID, title, checkbox and fields of a task', () => {
    const markdown = buildSingleMilestonePlan([
      { id: 'SWY-007', title: 'Cache layer', fields: { 'Depends on': 'SWY-001, SWY-002', Risk: 'high', Status: 'done' } },
    ]);

    const [task] = parsePlan(markdown).tasks;

    expect(task).toMatchObject({
      number: '1.1',
      headingId: 'SWY-007',
      title: 'Cache layer',
      checked: true,
      milestone: '1. M1 Test',
    });
    expect(task.fields.id?.value).toBe('SWY-007');
    expect(task.fields.dependsOn?.value).toBe('SWY-001, SWY-002');
    expect(task.fields.risk?.value).toBe('high');
    expect(task.fields.rollback?.value).toBe('revert SWY-007');
  });

  it('should join the indented lines under a field into its value', () => {
    const markdown = [
      '- [ ] 1.1 SWY-001 Title',
      '  - **Acceptance**:',
      '    - `npm run build` exits 0',
      '    - `npm run lint` exits 0',
      '  - **Risk**: low',
    ].join('\n');

    const [task] = parsePlan(markdown).tasks;

    expect(task.fields.acceptance?.value).toBe('`npm run build` exits 0\n`npm run lint` exits 0');
    expect(task.fields.risk?.value).toBe('low');
  });

  it('should attach each task to the milestone heading above it', () => {
    const markdown = ['## 1. First', '- [ ] 1.1 A-1 One', '## 2. Second', '- [ ] 2.1 A-2 Two', '### Not a milestone'].join('\n');

    const parsed = parsePlan(markdown);

    expect(parsed.milestones).toEqual(['1. First', '2. Second']);
    expect(parsed.tasks.map((task) => task.milestone)).toEqual(['1. First', '2. Second']);
  });

  it('should keep the first value of a field given twice and record the repetition', () => {
    const markdown = ['- [ ] 1.1 SWY-001 Title', '  - **Risk**: low', '  - **Risk**: high'].join('\n');

    const [task] = parsePlan(markdown).tasks;

    expect(task.fields.risk).toEqual({ value: 'low', line: 2 });
    expect(task.repeatedFields).toEqual([{ name: 'risk', line: 3 }]);
  });

  it('should not let a field after the first task change the plan header', () => {
    const markdown = ['- **Status**: approved', '- [ ] 1.1 SWY-001 Title', '- **Status**: draft'].join('\n');

    const parsed = parsePlan(markdown);

    expect(parsed.header.status?.value).toBe('approved');
  });

  it('should accept labels written with the colon inside the bold markers', () => {
    const markdown = ['- [ ] 1.1 SWY-001 Title', '  - **Depends on:** SWY-000', '  - **Acceptance criteria**: it works'].join('\n');

    const [task] = parsePlan(markdown).tasks;

    expect(task.fields.dependsOn?.value).toBe('SWY-000');
    expect(task.fields.acceptance?.value).toBe('it works');
  });

  it('should read a task line without number or ID as a title only', () => {
    const markdown = '* [X] Write the runbook';

    const [task] = parsePlan(markdown).tasks;

    expect(task).toMatchObject({ number: undefined, headingId: undefined, title: 'Write the runbook', checked: true });
  });
});
