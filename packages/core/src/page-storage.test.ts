import assert from 'node:assert/strict';
import { afterEach, describe, it } from 'node:test';
import { keepStorageItem } from './page-storage.js';

/** Returns a minimal Storage over a Map, like the one a browser page has. */
function memoryStorage(): Storage {
  const items = new Map<string, string>();
  return {
    get length() {
      return items.size;
    },
    clear: () => items.clear(),
    getItem: (key) => items.get(key) ?? null,
    key: (index) => [...items.keys()][index] ?? null,
    removeItem: (key) => void items.delete(key),
    setItem: (key, value) => void items.set(key, String(value)),
  };
}

describe('keepStorageItem', () => {
  const global = globalThis as { localStorage?: Storage };
  afterEach(() => {
    delete global.localStorage;
  });

  it('removes an item that was absent', async () => {
    global.localStorage = memoryStorage();
    const result = await keepStorageItem('loglevel', async () => {
      global.localStorage?.setItem('loglevel', 'WARN');
      return 42;
    });
    assert.equal(result, 42);
    assert.equal(global.localStorage.getItem('loglevel'), null);
  });

  it('restores an item the page had', async () => {
    global.localStorage = memoryStorage();
    global.localStorage.setItem('loglevel', 'DEBUG');
    await keepStorageItem('loglevel', async () => global.localStorage?.setItem('loglevel', 'WARN'));
    assert.equal(global.localStorage.getItem('loglevel'), 'DEBUG');
  });

  it('restores after a failure and without storage', async () => {
    global.localStorage = memoryStorage();
    await assert.rejects(
      keepStorageItem('loglevel', async () => {
        global.localStorage?.setItem('loglevel', 'WARN');
        throw new Error('load failed');
      }),
      /load failed/,
    );
    assert.equal(global.localStorage.getItem('loglevel'), null);
    delete global.localStorage;
    assert.equal(await keepStorageItem('loglevel', async () => 'done'), 'done');
  });
});
