import { DynamicModule, Module } from '@nestjs/common';
import { resolve } from 'node:path';
import { PlanFileReader } from './plan-file.reader';
import { PlanAdminController } from './plan-admin.controller';
import { PlanOptions, resolveDefaultPlanFile } from './plan.options';
import { PlanService } from './plan.service';

export interface PlanModuleOptions {
  /** Path of the plan file; relative paths resolve against the working directory. */
  file?: string;
  /** Mount GET /admin/plan (the API does; the CLI does not). */
  withController?: boolean;
}

@Module({})
export class PlanModule {
  static forRoot(options: PlanModuleOptions = {}): DynamicModule {
    const file = options.file ? resolve(options.file) : resolveDefaultPlanFile();
    return {
      module: PlanModule,
      controllers: options.withController ? [PlanAdminController] : [],
      providers: [{ provide: PlanOptions, useValue: new PlanOptions(file) }, PlanFileReader, PlanService],
      exports: [PlanService],
    };
  }
}
