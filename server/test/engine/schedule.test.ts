import { scheduleProblem } from '../../src/engine/schedule';

describe('schedules Airflow can run', () => {
  test.each([
    '@once',
    '@hourly',
    '@daily',
    '@weekly',
    '@monthly',
    '@quarterly',
    '@yearly',
    '@annually',
    '0 6 * * 1',
    '  0   6 * * 1 ',
    '*/15 * * * *',
    '0 0-23/2 * * *',
    '5,35 9-17 1,15 * MON-FRI',
    '0 0 L * *',
    '0 3 * JAN,jul sun',
    '0 9 * * 1#2',
    '0 9 * * 5L',
    '59 23 31 12 7'
  ])('%s is accepted', value => {
    expect(scheduleProblem(value)).toBeNull();
  });

  test.each([
    ['61 25 * * *', 'minute 61 is out of range (0-59); hour 25 is out of range (0-23)'],
    ['0 0 0 * *', 'day of month 0 is out of range (1-31)'],
    ['0 0 * 13 *', 'month 13 is out of range (1-12)'],
    ['0 0 * * 8', 'day of week 8 is out of range (0-7)'],
    [
      '0 6 * *',
      'a cron expression has 5 fields (minute hour day-of-month month day-of-week), this one has 4'
    ],
    [
      '0 6 * * * *',
      'a cron expression has 5 fields (minute hour day-of-month month day-of-week), this one has 6'
    ],
    [
      '@fortnightly',
      'unknown preset; use one of @once, @hourly, @daily, @weekly, @monthly, @quarterly, @yearly, @annually'
    ],
    ['@continuous', expect.stringMatching(/^unknown preset/)],
    ['*/0 * * * *', 'minute "*/0": the step after / must be a whole number from 1'],
    ['5-1 * * * *', 'minute range "5-1" runs backwards'],
    ['often * * * *', 'minute "often" is not a number'],
    ['0 0 * FOO *', 'month "FOO" is not a number or a name'],
    ['1,,2 * * * *', 'minute "" has the wrong form'],
    ['0 9 * * 1#6', 'day of week "1#6": the week in the month must be 1-5']
  ])('%s is refused: %s', (value, why) => {
    expect(scheduleProblem(value)).toEqual(why);
  });
});
