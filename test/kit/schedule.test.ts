import { createLogger } from '../../services/kit/logger';
import { startSchedule } from '../../services/kit/schedule';

const log = createLogger('silent', 'test');
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe('a schedule', () => {
  it('runs its job every interval, one run at a time, and keeps going after a failure', async () => {
    let running = 0;
    let overlapped = false;
    let calls = 0;
    const job = startSchedule({
      name: 'job',
      everyMs: 5,
      log,
      run: async () => {
        calls++;
        overlapped ||= running > 0;
        running++;
        await sleep(15);
        running--;
        if (calls === 1) throw new Error('first run fails');
      },
    });
    // Three runs take about 60 ms; a busy machine gets up to 5 s.
    for (const deadline = Date.now() + 5000; job.runs() < 3 && Date.now() < deadline; ) await sleep(10);
    await job.stop();
    expect(job.runs()).toBeGreaterThanOrEqual(3);
    expect(overlapped).toBe(false);
  });

  it('waits for the run in progress when stopped, and runs no more', async () => {
    let started = 0;
    let finished = 0;
    const job = startSchedule({
      name: 'job',
      everyMs: 1,
      log,
      run: async () => {
        started++;
        await sleep(30);
        finished++;
      },
    });
    while (started === 0) await sleep(1);
    await job.stop();
    expect(finished).toBe(1);
    await sleep(20);
    expect({ started, finished }).toEqual({ started: 1, finished: 1 });
  });

  it('does nothing before the first interval', async () => {
    let calls = 0;
    const job = startSchedule({ name: 'job', everyMs: 1000, log, run: async () => void calls++ });
    await job.stop();
    expect(calls).toBe(0);
  });
});
