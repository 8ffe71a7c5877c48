import { Injectable } from '@nestjs/common';
import { GateDecision, checkTask } from './plan.gate';
import { orderLevels, renderMermaid } from './plan.graph';
import { PlanErrorCode, PlanException } from './plan.errors';
import { PlanFileReader } from './plan-file.reader';
import { Plan, PlanProblem, PlanStatus, PlanTask, PlanValidation, RiskLevel, TaskStatus } from './plan.model';
import { PlanOptions } from './plan.options';
import { parsePlan } from './plan.parser';
import { RiskSummary, summarizeRisk } from './plan.risk';
import { validatePlan } from './plan.validator';

export interface PlanValidationReport {
  file: string;
  valid: boolean;
  version: string | undefined;
  status: string | undefined;
  taskCount: number;
  milestoneCount: number;
  problems: PlanProblem[];
}

export interface PlanLevelTask {
  id: string;
  title: string;
  milestone: string;
  risk: RiskLevel;
  status: TaskStatus;
  /** The edges of the dependency graph the console draws. */
  dependsOn: string[];
}

export interface PlanLevel {
  level: number;
  tasks: PlanLevelTask[];
}

/** What `GET /admin/plan` returns. */
export interface PlanSummary {
  version: string;
  status: PlanStatus;
  order: PlanLevel[];
  risk: RiskSummary;
}

export interface PlanReportHeader {
  file: string;
  version: string;
  status: PlanStatus;
}

export type PlanOrderReport = PlanReportHeader & { levels: PlanLevel[] };
export type PlanRiskReport = PlanReportHeader & RiskSummary;
export type PlanGraphReport = PlanReportHeader & { mermaid: string };
export type PlanCheckReport = GateDecision & { file: string };

/** Reads the plan file and answers every question about it; the analyses themselves are pure. */
@Injectable()
export class PlanService {
  constructor(
    private readonly options: PlanOptions,
    private readonly reader: PlanFileReader,
  ) {}

  get file(): string {
    return this.options.file;
  }

  async validate(): Promise<PlanValidationReport> {
    const markdown = await this.reader.read(this.file);
    const parsed = parsePlan(markdown);
    const { problems } = validatePlan(parsed);
    return {
      file: this.file,
      valid: problems.length === 0,
      version: parsed.header.version?.value,
      status: parsed.header.status?.value,
      taskCount: parsed.tasks.length,
      milestoneCount: parsed.milestones.length,
      problems,
    };
  }

  async order(): Promise<PlanOrderReport> {
    const plan = await this.loadValidPlan();
    return { ...this.headerOf(plan), levels: levelsOf(plan) };
  }

  async risk(): Promise<PlanRiskReport> {
    const plan = await this.loadValidPlan();
    return { ...this.headerOf(plan), ...summarizeRisk(plan) };
  }

  async graph(): Promise<PlanGraphReport> {
    const plan = await this.loadValidPlan();
    return { ...this.headerOf(plan), mermaid: renderMermaid(plan) };
  }

  async check(taskId: string): Promise<PlanCheckReport> {
    const validation = await this.load();
    return { file: this.file, ...checkTask(validation, taskId) };
  }

  async getSummary(): Promise<PlanSummary> {
    const plan = await this.loadValidPlan();
    return { version: plan.version, status: plan.status, order: levelsOf(plan), risk: summarizeRisk(plan) };
  }

  private async load(): Promise<PlanValidation> {
    const markdown = await this.reader.read(this.file);
    return validatePlan(parsePlan(markdown));
  }

  private async loadValidPlan(): Promise<Plan> {
    const { plan, problems } = await this.load();
    if (plan) return plan;
    const count = problems.length;
    const message = `plan invalid: ${count} problem${count === 1 ? '' : 's'} in ${this.file}`;
    throw new PlanException(PlanErrorCode.PlanInvalid, message, problems);
  }

  private headerOf(plan: Plan): PlanReportHeader {
    return { file: this.file, version: plan.version, status: plan.status };
  }
}

function levelsOf(plan: Plan): PlanLevel[] {
  const byId = new Map(plan.tasks.map((task) => [task.id, task]));
  return orderLevels(plan.tasks).levels.map((ids, index) => ({
    level: index + 1,
    tasks: ids.map((id) => levelTask(byId.get(id) as PlanTask)),
  }));
}

function levelTask({ id, title, milestone, risk, status, dependsOn }: PlanTask): PlanLevelTask {
  return { id, title, milestone, risk, status, dependsOn };
}
