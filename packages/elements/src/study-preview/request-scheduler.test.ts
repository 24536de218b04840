import { expect } from '@open-wc/testing';
import { RequestScheduler } from './request-scheduler.js';

/** Returns a task that resolves when the test calls `finish`. */
function deferredTask(): { task: () => Promise<string>; finish: (value: string) => void; started: () => boolean } {
  let resolve: (value: string) => void = () => undefined;
  let started = false;
  return {
    task: () => {
      started = true;
      return new Promise<string>((done) => {
        resolve = done;
      });
    },
    finish: (value) => resolve(value),
    started: () => started,
  };
}

const tick = (): Promise<void> => new Promise((resolve) => setTimeout(resolve, 0));

describe('RequestScheduler', () => {
  it('limits low-priority tasks, in order', async () => {
    const scheduler = new RequestScheduler(2, 1);
    const tasks = [deferredTask(), deferredTask(), deferredTask()];
    const results = tasks.map((task) => scheduler.run('low', task.task));

    expect(tasks.map((task) => task.started())).to.deep.equal([true, true, false]);
    expect(scheduler.lowQueued).to.equal(1);
    tasks[0].finish('a');
    await tick();
    expect(tasks[2].started()).to.equal(true);
    tasks[1].finish('b');
    tasks[2].finish('c');
    expect(await Promise.all(results)).to.deep.equal(['a', 'b', 'c']);
    expect(scheduler.lowInFlight).to.equal(0);
  });

  it('lets high-priority tasks go first', async () => {
    const scheduler = new RequestScheduler(3, 1);
    const high = deferredTask();
    const highResult = scheduler.run('high', high.task);
    const lows = [deferredTask(), deferredTask(), deferredTask()];
    const lowResults = lows.map((task) => scheduler.run('low', task.task));

    expect(high.started()).to.equal(true);
    expect(lows.map((task) => task.started())).to.deep.equal([true, false, false]);
    high.finish('image');
    await highResult;
    await tick();
    expect(lows.map((task) => task.started())).to.deep.equal([true, true, true]);
    lows.forEach((task, index) => task.finish(String(index)));
    await Promise.all(lowResults);
  });

  it('drops an aborted waiting task', async () => {
    const scheduler = new RequestScheduler(1, 1);
    const first = deferredTask();
    const second = deferredTask();
    const controller = new AbortController();
    const firstResult = scheduler.run('low', first.task);
    const secondResult = scheduler.run('low', second.task, controller.signal);

    controller.abort(new DOMException('Scrolled away', 'AbortError'));
    let error: unknown;
    await secondResult.catch((caught: unknown) => {
      error = caught;
    });
    first.finish('done');
    await firstResult;
    await tick();

    expect((error as DOMException).name).to.equal('AbortError');
    expect(second.started()).to.equal(false);
    expect(scheduler.lowQueued).to.equal(0);
  });

  it('rejects an already aborted signal', async () => {
    const scheduler = new RequestScheduler();
    const task = deferredTask();
    let rejected = false;
    await scheduler.run('low', task.task, AbortSignal.abort()).catch(() => {
      rejected = true;
    });
    expect(rejected).to.equal(true);
    expect(task.started()).to.equal(false);
  });

  it('frees the slot of a task that fails', async () => {
    const scheduler = new RequestScheduler(1, 1);
    const failing = scheduler.run('low', () => Promise.reject(new Error('HTTP 500')));
    const next = deferredTask();
    const nextResult = scheduler.run('low', next.task);

    await failing.catch(() => undefined);
    await tick();
    expect(next.started()).to.equal(true);
    next.finish('ok');
    expect(await nextResult).to.equal('ok');
  });
});
