/**
 * The two ways a zip reaches the user's disk: a stream into a file chosen
 * with the File System Access save dialog, or a Blob saved through an
 * `<a download>` with an object URL.
 */

/**
 * Milliseconds an object URL stays valid after its click. Chromium 156 finished a 20 MB download even with the
 * URL revoked right after the click. NOTE: other browsers were not checked.
 */
export const OBJECT_URL_LIFETIME_MS = 1000;

/** The part of the File System Access API that the download uses. Not in TypeScript's DOM library yet. */
interface SaveFilePickerOptions {
  suggestedName?: string;
  types?: { description?: string; accept: Record<string, string[]> }[];
}

interface SaveFileHandle {
  readonly name: string;
  createWritable(): Promise<WritableStream<Uint8Array>>;
}

type ShowSaveFilePicker = (options?: SaveFilePickerOptions) => Promise<SaveFileHandle>;

function filePicker(): ShowSaveFilePicker | undefined {
  const picker = (globalThis as { showSaveFilePicker?: unknown }).showSaveFilePicker;
  return typeof picker === 'function' ? (picker as ShowSaveFilePicker) : undefined;
}

/** Tells whether the browser has `showSaveFilePicker` (Chromium-based browsers in a secure context). */
export function hasFilePicker(): boolean {
  return filePicker() !== undefined;
}

/** A file that the user chose, open for writing. */
export interface PickedFile {
  name: string;
  writable: WritableStream<Uint8Array>;
}

/**
 * Opens the browser's save dialog for a zip and opens the chosen file for
 * writing. Call it from a click handler before any `await`, because the
 * dialog needs the click's user activation. Rejects with an `AbortError`
 * DOMException when the user closes the dialog, and with the browser's error
 * when the dialog is not allowed, for example in a cross-origin frame.
 */
export async function pickSaveFile(suggestedName: string): Promise<PickedFile> {
  const picker = filePicker();
  if (picker === undefined) throw new DOMException('This browser has no showSaveFilePicker.', 'NotSupportedError');
  const handle = await picker({ suggestedName, types: [{ description: 'Zip', accept: { 'application/zip': ['.zip'] } }] });
  // Per the File System Access specification, written data reaches the file only when the stream closes, so an abort writes nothing.
  return { name: handle.name, writable: await handle.createWritable() };
}

/**
 * Hands a Blob to the browser's downloads: a click on an `<a download>`
 * with an object URL, which is revoked `OBJECT_URL_LIFETIME_MS` later. The
 * URL is a `blob:` URL of this page, so it carries no token.
 */
export function saveBlob(blob: Blob, fileName: string, container: Node & ParentNode): void {
  const url = URL.createObjectURL(blob);
  const anchor = document.createElement('a');
  anchor.href = url;
  anchor.download = fileName;
  anchor.rel = 'noopener';
  anchor.hidden = true;
  container.append(anchor);
  try {
    anchor.click();
  } finally {
    anchor.remove();
    setTimeout(() => URL.revokeObjectURL(url), OBJECT_URL_LIFETIME_MS);
  }
}
