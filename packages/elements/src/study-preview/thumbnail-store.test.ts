import { expect } from '@open-wc/testing';
import { RequestScheduler } from './request-scheduler.js';
import { ThumbnailStore, thumbnailKey } from './thumbnail-store.js';

function image(size: number): Blob {
  return new Blob([new Uint8Array(size)], { type: 'image/png' });
}

/** Returns a fetch that counts its calls and resolves when the test calls `finishAll`. */
function controlledFetch(size = 10) {
  const calls: AbortSignal[] = [];
  const finishers: (() => void)[] = [];
  return {
    calls,
    finishAll: () => finishers.splice(0).forEach((finish) => finish()),
    fetch: (signal: AbortSignal): Promise<Blob> => {
      calls.push(signal);
      return new Promise<Blob>((resolve, reject) => {
        finishers.push(() => resolve(image(size)));
        signal.addEventListener('abort', () => reject(signal.reason), { once: true });
      });
    },
  };
}

async function isRevoked(url: string): Promise<boolean> {
  try {
    await fetch(url);
    return false;
  } catch {
    return true;
  }
}

describe('ThumbnailStore', () => {
  it('shares one request per key', async () => {
    const store = new ThumbnailStore(new RequestScheduler());
    const source = controlledFetch();
    const first = store.load('a', source.fetch);
    const second = store.load('a', source.fetch);
    source.finishAll();

    expect(await first).to.equal(await second);
    expect(source.calls).to.have.length(1);
    await store.load('a', source.fetch);
    expect(source.calls).to.have.length(1);
  });

  it('aborts when every caller left', async () => {
    const store = new ThumbnailStore(new RequestScheduler());
    const source = controlledFetch();
    const leaving = new AbortController();
    const staying = new AbortController();
    const left = store.load('a', source.fetch, leaving.signal).catch((error: unknown) => error);
    const stayed = store.load('a', source.fetch, staying.signal);

    leaving.abort(new DOMException('gone', 'AbortError'));
    expect(((await left) as DOMException).name).to.equal('AbortError');
    expect(source.calls[0].aborted).to.equal(false);
    source.finishAll();
    expect((await stayed).size).to.equal(10);

    const last = new AbortController();
    const pending = store.load('b', source.fetch, last.signal).catch(() => 'aborted');
    last.abort();
    expect(await pending).to.equal('aborted');
    expect(source.calls[1].aborted).to.equal(true);
    expect(store.has('b')).to.equal(false);
  });

  it('does not cache a failure', async () => {
    const store = new ThumbnailStore(new RequestScheduler());
    let calls = 0;
    const failing = (): Promise<Blob> => {
      calls++;
      return Promise.reject(new Error('HTTP 500'));
    };
    await store.load('a', failing).catch(() => undefined);
    await store.load('a', failing).catch(() => undefined);
    expect(calls).to.equal(2);
    expect(store.has('a')).to.equal(false);
  });

  it('revokes the URL on last release', async () => {
    const store = new ThumbnailStore(new RequestScheduler());
    await store.load('a', () => Promise.resolve(image(10)));
    const first = store.acquireUrl('a') as string;
    const second = store.acquireUrl('a');
    expect(second).to.equal(first);

    store.releaseUrl('a');
    expect(await isRevoked(first)).to.equal(false);
    store.releaseUrl('a');
    expect(await isRevoked(first)).to.equal(true);
    expect(store.has('a')).to.equal(true);
    expect(store.acquireUrl('missing')).to.equal(undefined);
  });

  it('evicts unused entries beyond limits', async () => {
    const store = new ThumbnailStore(new RequestScheduler(), { maxEntries: 2, maxBytes: 1000 });
    for (const key of ['a', 'b']) await store.load(key, () => Promise.resolve(image(10)));
    const shown = store.acquireUrl('a') as string;
    await store.load('c', () => Promise.resolve(image(10)));

    expect(store.has('a')).to.equal(true);
    expect(store.has('b')).to.equal(false);
    expect(store.has('c')).to.equal(true);
    expect(await isRevoked(shown)).to.equal(false);

    // 'a' is on screen, so the byte limit evicts the others, the new one included.
    await store.load('d', () => Promise.resolve(image(995)));
    expect(store.has('a')).to.equal(true);
    expect(store.has('c')).to.equal(false);
    expect(store.has('d')).to.equal(false);
    expect(store.byteSize).to.equal(10);

    store.releaseUrl('a');
    expect(await isRevoked(shown)).to.equal(true);
    expect(store.has('a')).to.equal(true);
    store.clear();
    expect(store.size).to.equal(0);
  });

  it('builds keys from the study, series and size', () => {
    expect(thumbnailKey('1.2', '1.2.3', 128)).to.equal('1.2/1.2.3@128');
  });
});
