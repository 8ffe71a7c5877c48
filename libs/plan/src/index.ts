export { PlanModule } from './plan.module';
export type { PlanModuleOptions } from './plan.module';
export { PlanService } from './plan.service';
export type {
  PlanSummary,
  PlanLevel,
  PlanLevelTask,
  PlanValidationReport,
  PlanOrderReport,
  PlanRiskReport,
  PlanGraphReport,
  PlanCheckReport,
  PlanReportHeader,
} from './plan.service';
export { PlanOptions, PLAN_FILE_FROM_ROOT } from './plan.options';
export { PlanErrorCode, PlanException } from './plan.errors';
export { parsePlan } from './plan.parser';
export { validatePlan, parseDependencies } from './plan.validator';
export { findCycles, orderLevels, renderMermaid } from './plan.graph';
export type { DependencyNode, DependencyLevels } from './plan.graph';
export { summarizeRisk } from './plan.risk';
export type { RiskSummary, RiskShare, HighRiskTask } from './plan.risk';
export { checkTask, GateRefusalCode } from './plan.gate';
export type { GateDecision, GateRefusal } from './plan.gate';
export { PlanProblemCode, RISK_LEVELS, TASK_STATUSES, PLAN_STATUSES } from './plan.model';
export type { Plan, PlanTask, PlanProblem, PlanValidation, ParsedPlan, ParsedTask, RiskLevel, TaskStatus, PlanStatus } from './plan.model';
