import { Command, CommanderError } from 'commander';
import { resolve } from 'node:path';
import { PlanErrorCode, PlanException } from './plan.errors';
import { PlanFileReader } from './plan-file.reader';
import { formatDecision, formatOrder, formatProblems, formatRisk, formatValidation } from './plan.formatter';
import { PlanOptions, resolveDefaultPlanFile } from './plan.options';
import { PlanService } from './plan.service';

export enum PlanExitCode {
  Ok = 0,
  /** Validation problems, an invalid plan, or a task the gate refuses. */
  Refused = 1,
  /** Bad usage, or a plan file that is missing or unreadable. */
  Usage = 2,
  /** A bug: anything the command did not expect. */
  Internal = 3,
}

export interface PlanCliOutput {
  stdout(text: string): void;
  stderr(text: string): void;
}

interface GlobalOptions {
  json?: boolean;
  file?: string;
}

interface VerbResult {
  data: unknown;
  text: string;
  exitCode: PlanExitCode;
  /** A refused check goes to stderr so `plan check X && start-work` shows why it stopped. */
  textToStandardError?: boolean;
}

type Verb = (service: PlanService) => Promise<VerbResult>;

const EXIT_CODES_HELP = `
Exit codes:
  0  success (plan valid, task allowed)
  1  validation problems, invalid plan, or task refused by the gate
  2  usage error, or plan file missing or unreadable
  3  unexpected internal error`;

const processOutput: PlanCliOutput = {
  stdout: (text) => process.stdout.write(text),
  stderr: (text) => process.stderr.write(text),
};

/** Runs the plan command and returns its exit code instead of exiting, so tests can call it. */
export async function runPlanCli(argv: readonly string[], output: PlanCliOutput = processOutput): Promise<number> {
  let exitCode: number = PlanExitCode.Ok;
  const program = buildProgram(output, (code) => (exitCode = code));
  try {
    await program.parseAsync([...argv]);
  } catch (error) {
    if (!(error instanceof CommanderError)) throw error;
    return error.exitCode === 0 ? PlanExitCode.Ok : PlanExitCode.Usage;
  }
  return exitCode;
}

function buildProgram(output: PlanCliOutput, setExitCode: (code: number) => void): Command {
  const program = new Command('plan')
    .description('Validate and query Plan v1 (openspec/changes/refactor-backend-to-go/tasks.md)')
    .option('--json', 'print JSON for machines instead of text')
    .option('-f, --file <path>', 'read another plan file (default: the repository tasks.md)')
    .exitOverride()
    .configureOutput({ writeOut: output.stdout, writeErr: output.stderr })
    .showHelpAfterError('(add --help for usage)')
    .addHelpText('after', EXIT_CODES_HELP);
  const verb = (name: string, description: string, run: Verb): Command =>
    program
      .command(name)
      .description(description)
      .action(async (...actionArguments: unknown[]) => setExitCode(await runVerb(actionArguments.at(-1) as Command, output, run)));
  verb('validate', 'report every problem of the plan', validateVerb);
  verb('order', 'dependency order as numbered levels of tasks that can run in parallel', orderVerb);
  verb('risk', 'distribution of risk levels and the high-risk tasks with their rollback', riskVerb);
  verb('graph', 'Mermaid flowchart of the dependencies, coloured by risk', graphVerb);
  program
    .command('check')
    .description('gate: exit 0 only if the task is declared in the approved plan and its dependencies are done')
    .argument('<id>', 'task ID, for example SWY-001')
    .action(async (id: string, _options: unknown, command: Command) =>
      setExitCode(await runVerb(command, output, (service) => checkVerb(service, id))),
    );
  return program;
}

async function runVerb(command: Command, output: PlanCliOutput, run: Verb): Promise<PlanExitCode> {
  const options = command.optsWithGlobals<GlobalOptions>();
  const file = options.file ? resolve(options.file) : resolveDefaultPlanFile();
  const service = new PlanService(new PlanOptions(file), new PlanFileReader());
  try {
    const result = await run(service);
    const text = options.json ? JSON.stringify(result.data, null, 2) : result.text;
    (result.textToStandardError && !options.json ? output.stderr : output.stdout)(`${text}\n`);
    return result.exitCode;
  } catch (error) {
    if (error instanceof PlanException) return reportFailure(error, options, output);
    output.stderr(`internal error: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
    return PlanExitCode.Internal;
  }
}

function reportFailure(error: PlanException, options: GlobalOptions, output: PlanCliOutput): PlanExitCode {
  const invalid = error.code === PlanErrorCode.PlanInvalid;
  if (options.json) {
    output.stdout(`${JSON.stringify({ error: { code: error.code, message: error.message, details: error.details } }, null, 2)}\n`);
  } else {
    const problems = invalid ? formatProblems(error.details as Parameters<typeof formatProblems>[0]) : [];
    const hint = invalid ? ['run "npm run plan -- validate" for the full report'] : [];
    output.stderr(`${[`error: ${error.message}`, ...problems, ...hint].join('\n')}\n`);
  }
  return invalid ? PlanExitCode.Refused : PlanExitCode.Usage;
}

async function validateVerb(service: PlanService): Promise<VerbResult> {
  const report = await service.validate();
  return { data: report, text: formatValidation(report), exitCode: report.valid ? PlanExitCode.Ok : PlanExitCode.Refused };
}

async function orderVerb(service: PlanService): Promise<VerbResult> {
  const report = await service.order();
  return { data: report, text: formatOrder(report), exitCode: PlanExitCode.Ok };
}

async function riskVerb(service: PlanService): Promise<VerbResult> {
  const report = await service.risk();
  return { data: report, text: formatRisk(report), exitCode: PlanExitCode.Ok };
}

async function graphVerb(service: PlanService): Promise<VerbResult> {
  const report = await service.graph();
  return { data: report, text: report.mermaid.trimEnd(), exitCode: PlanExitCode.Ok };
}

async function checkVerb(service: PlanService, id: string): Promise<VerbResult> {
  const report = await service.check(id);
  const exitCode = report.allowed ? PlanExitCode.Ok : PlanExitCode.Refused;
  return { data: report, text: formatDecision(report), exitCode, textToStandardError: !report.allowed };
}

if (require.main === module) {
  runPlanCli(process.argv).then(
    (code) => (process.exitCode = code),
    (error: unknown) => {
      process.stderr.write(`internal error: ${String(error)}\n`);
      process.exitCode = PlanExitCode.Internal;
    },
  );
}
