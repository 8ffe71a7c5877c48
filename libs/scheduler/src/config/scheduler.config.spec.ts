import { jobScheduleProblems } from './scheduler.config';

describe(jobScheduleProblems.name, () => {
  it('should accept standard five- and six-field cron expressions', () => {
    const problems = jobScheduleProblems(
      JSON.stringify([
        { name: 'nightly', cron: '0 3 * * *' },
        { name: 'poller', cron: '*/10 * * * * *', lockTtlMs: 5000, enabled: false },
      ]),
    );

    expect(problems).toEqual([]);
  });

  it('should name each job with a bad cron, name or lock TTL', () => {
    const problems = jobScheduleProblems(
      JSON.stringify([
        { name: 'poller', cron: 'every minute' },
        { name: 'Bad Name', cron: '* * * * *', lockTtlMs: 5 },
      ]),
    );

    expect(problems).toEqual([
      'job "poller": cron "every minute" is not a valid cron expression',
      'job "Bad Name": name must be a lowercase slug',
      'job "Bad Name": lockTtlMs must be an integer >= 100',
    ]);
  });

  it('should accept an IANA time zone and name a job whose zone is not one', () => {
    const jobs = [
      { name: 'berlin', cron: '0 2 * * *', timeZone: 'Europe/Berlin' },
      { name: 'mars', cron: '0 2 * * *', timeZone: 'Mars/Olympus' },
    ];

    expect(jobScheduleProblems(JSON.stringify(jobs))).toEqual(['job "mars": timeZone "Mars/Olympus" is not an IANA time zone']);
  });

  it('should refuse something that is not a JSON array', () => {
    expect(jobScheduleProblems('{"name":"x"}')).toEqual(['must be a JSON array of {name, cron, enabled?, lockTtlMs?, timeZone?}']);
  });
});
