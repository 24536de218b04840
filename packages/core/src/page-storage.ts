/**
 * Keeps a `localStorage` item as it was while a library loads that writes to
 * it, so that Studyline leaves no trace in the host page's storage.
 */

function storage(): Storage | undefined {
  try {
    return globalThis.localStorage ?? undefined;
  } catch {
    // Reading localStorage throws a SecurityError where the browser blocks storage.
    return undefined;
  }
}

/** Runs `work` and then puts the storage item `key` back to its value before, or removes it if it was absent. */
export async function keepStorageItem<T>(key: string, work: () => Promise<T>): Promise<T> {
  const store = storage();
  let before: string | null = null;
  try {
    before = store?.getItem(key) ?? null;
  } catch {
    return work();
  }
  try {
    return await work();
  } finally {
    try {
      if (before === null) store?.removeItem(key);
      else store?.setItem(key, before);
    } catch {
      // A storage that cannot be written has nothing to restore.
    }
  }
}
