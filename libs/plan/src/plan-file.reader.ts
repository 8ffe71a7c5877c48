import { Injectable } from '@nestjs/common';
import { readFile } from 'node:fs/promises';
import { PlanErrorCode, PlanException } from './plan.errors';

/** The only part of the plan capability that touches the file system. */
@Injectable()
export class PlanFileReader {
  async read(file: string): Promise<string> {
    try {
      return await readFile(file, 'utf8');
    } catch (error) {
      throw toPlanException(file, error);
    }
  }
}

function toPlanException(file: string, error: unknown): PlanException {
  const code = (error as NodeJS.ErrnoException).code ?? 'unknown error';
  if (code === 'ENOENT') {
    return new PlanException(PlanErrorCode.FileNotFound, `plan file not found: ${file}`);
  }
  return new PlanException(PlanErrorCode.FileUnreadable, `plan file unreadable: ${file} (${code})`);
}
