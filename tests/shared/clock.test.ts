import { describe, expect, it } from 'vitest';
import { ScaledClock, VirtualClock } from '../../shared/clock.js';

describe('VirtualClock', () => {
  it('stands still until advanced', () => {
    const clock = new VirtualClock(1_000);
    expect(clock.now()).toBe(1_000);
    expect(clock.now()).toBe(1_000);
    clock.advance(250);
    expect(clock.now()).toBe(1_250);
  });

  it('fires timers in due order, each at its own due time', () => {
    const clock = new VirtualClock(0);
    const fired: [string, number][] = [];
    clock.setTimeout(() => fired.push(['b', clock.now()]), 200);
    clock.setTimeout(() => fired.push(['a', clock.now()]), 100);
    clock.setTimeout(() => fired.push(['c', clock.now()]), 200);
    clock.advance(150);
    expect(fired).toEqual([['a', 100]]);
    clock.advance(1_000);
    expect(fired).toEqual([
      ['a', 100],
      ['b', 200],
      ['c', 200],
    ]);
    expect(clock.now()).toBe(1_150);
  });

  it('repeats intervals until cancelled, even from inside the callback', () => {
    const clock = new VirtualClock(0);
    const times: number[] = [];
    const timer = clock.setInterval(() => {
      times.push(clock.now());
      if (times.length === 3) timer.cancel();
    }, 1_000);
    clock.advance(10_000);
    expect(times).toEqual([1_000, 2_000, 3_000]);
    expect(clock.pendingTimers).toBe(0);
  });

  it('runs timers scheduled by timers within the same advance', () => {
    const clock = new VirtualClock(0);
    const times: number[] = [];
    clock.setTimeout(() => {
      times.push(clock.now());
      clock.setTimeout(() => times.push(clock.now()), 50);
    }, 100);
    clock.advance(200);
    expect(times).toEqual([100, 150]);
  });

  it('cancelled timers never fire', () => {
    const clock = new VirtualClock(0);
    let fired = false;
    clock
      .setTimeout(() => {
        fired = true;
      }, 10)
      .cancel();
    clock.advance(100);
    expect(fired).toBe(false);
  });

  it('resolves sleep() when advanced past it, letting async code continue', async () => {
    const clock = new VirtualClock(0);
    const steps: number[] = [];
    const task = (async () => {
      for (let i = 0; i < 3; i++) {
        await clock.sleep(1_000);
        steps.push(clock.now());
      }
    })();
    await clock.advanceAsync(5_000);
    await task;
    expect(steps).toEqual([1_000, 2_000, 3_000]);
  });

  it('rejects sleep() when aborted and drops its timer', async () => {
    const clock = new VirtualClock(0);
    const controller = new AbortController();
    const sleeping = clock.sleep(1_000, controller.signal);
    controller.abort(new Error('stop'));
    await expect(sleeping).rejects.toThrow('stop');
    expect(clock.pendingTimers).toBe(0);
  });
});

describe('ScaledClock', () => {
  it('runs time faster by its speed', async () => {
    const clock = new ScaledClock(1_000, 0);
    const before = clock.now();
    await new Promise((resolve) => setTimeout(resolve, 20));
    // 20 ms of real time is at least 20 s of scaled time.
    expect(clock.now() - before).toBeGreaterThanOrEqual(19_000);
  });

  it('fires a timer after its scaled duration', async () => {
    const clock = new ScaledClock(100, 0);
    const start = performance.now();
    await clock.sleep(2_000); // 20 ms real
    expect(performance.now() - start).toBeGreaterThanOrEqual(15);
    expect(clock.now()).toBeGreaterThanOrEqual(1_900);
  });

  it('refuses a speed that is not positive', () => {
    expect(() => new ScaledClock(0)).toThrow(RangeError);
  });
});
