import { readSchedule } from '../metadata/cron';

describe('readSchedule', () => {
  it('puts a 5-field cron expression into words', () => {
    expect(readSchedule('0 6 * * 1')).toEqual({ ok: true, text: 'At 06:00, only on Monday' });
    expect(readSchedule('*/5 * * * *')).toEqual({ ok: true, text: 'Every 5 minutes' });
  });

  it('reads Airflow presets', () => {
    expect(readSchedule('@daily')).toEqual({ ok: true, text: 'Every day at midnight' });
    expect(readSchedule('@sometimes')).toMatchObject({ ok: false });
  });

  it('refuses anything but 5 fields', () => {
    expect(readSchedule('0 6 * *')).toEqual({
      ok: false,
      error: expect.stringMatching(/5 fields.*has 4/)
    });
    expect(readSchedule('0 0 1 1 * 2000')).toMatchObject({ ok: false });
  });

  it('refuses values out of range, saying which', () => {
    expect(readSchedule('61 * * * *')).toEqual({
      ok: false,
      error: expect.stringMatching(/minutes part must be >= 0 and <= 59/)
    });
    expect(readSchedule('')).toMatchObject({ ok: false });
  });
});
