import { SamplingDecision, ROOT_CONTEXT } from '@opentelemetry/api';
import { samplerFromEnvironment } from './sampler-from-environment';

const decide = (environment: NodeJS.ProcessEnv) =>
  samplerFromEnvironment(environment).shouldSample(ROOT_CONTEXT, 'f'.repeat(32), 'GET /', 1, {}, []).decision;

describe(samplerFromEnvironment.name, () => {
  it('should sample every root by default (parentbased_always_on)', () => {
    expect(decide({})).toBe(SamplingDecision.RECORD_AND_SAMPLED);
    expect(samplerFromEnvironment({}).toString()).toContain('ParentBased{root=AlwaysOnSampler');
  });

  it('should build each standard sampler with its ratio', () => {
    expect(decide({ OTEL_TRACES_SAMPLER: 'always_off' })).toBe(SamplingDecision.NOT_RECORD);
    expect(samplerFromEnvironment({ OTEL_TRACES_SAMPLER: 'parentbased_traceidratio', OTEL_TRACES_SAMPLER_ARG: '0.1' }).toString()).toBe(
      'ParentBased{root=TraceIdRatioBased{0.1}, remoteParentSampled=AlwaysOnSampler, remoteParentNotSampled=AlwaysOffSampler, localParentSampled=AlwaysOnSampler, localParentNotSampled=AlwaysOffSampler}',
    );
    expect(samplerFromEnvironment({ OTEL_TRACES_SAMPLER: 'traceidratio' }).toString()).toBe('TraceIdRatioBased{1}');
  });

  it('should refuse a sampler the specification does not define, naming the variable', () => {
    expect(() => samplerFromEnvironment({ OTEL_TRACES_SAMPLER: 'sometimes' })).toThrow(
      /OTEL_TRACES_SAMPLER must be one of .*got "sometimes"/,
    );
  });

  it('should refuse a ratio outside 0..1, naming the variable', () => {
    expect(() => samplerFromEnvironment({ OTEL_TRACES_SAMPLER: 'traceidratio', OTEL_TRACES_SAMPLER_ARG: '10' })).toThrow(
      /OTEL_TRACES_SAMPLER_ARG must be a ratio from 0 to 1/,
    );
  });
});
