import { Body, Controller, Get, Module, Post } from '@nestjs/common';
import { Public } from '@switchyard/common';
import { IsInt, IsNotEmpty, IsString, Min } from 'class-validator';

class EchoDto {
  @IsString()
  @IsNotEmpty()
  name!: string;

  @IsInt()
  @Min(1)
  count!: number;

  @IsString()
  password!: string;
}

/** Lets a test hold a request open until it decides to release it. */
export class Gate {
  private release?: () => void;
  private readonly opened = new Promise<void>((resolve) => (this.release = resolve));
  entered = false;

  async pass(): Promise<void> {
    this.entered = true;
    await this.opened;
  }

  open(): void {
    this.release?.();
  }
}

export const probeGate = { current: new Gate() };

/** Test-only routes mounted through AppModuleOptions.imports, to exercise the app's cross-cutting behaviour. */
@Public()
@Controller('probe')
class ProbeController {
  @Post('echo')
  echo(@Body() body: EchoDto): { name: string; count: number } {
    return { name: body.name, count: body.count };
  }

  @Get('boom')
  boom(): never {
    throw new TypeError('database password is hunter2 at /srv/secret');
  }

  @Post('boom')
  boomOnWrite(): never {
    throw new Error('write failed on the new side');
  }

  @Get('shadowed')
  shadowed(): { value: number; generatedAt: string; items: Array<{ id: number; label: string }> } {
    return { value: 1, generatedAt: new Date().toISOString(), items: [{ id: 1, label: 'new' }] };
  }

  @Get('held')
  async held(): Promise<{ done: true }> {
    await probeGate.current.pass();
    return { done: true };
  }
}

@Module({ controllers: [ProbeController] })
export class ProbeModule {}
