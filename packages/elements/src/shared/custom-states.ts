/**
 * Custom states (`:state(name)`) through ElementInternals, for elements that
 * expose their state to host styles.
 */

/** Adds or removes a custom state. */
export function setCustomState(internals: ElementInternals, name: string, on: boolean): void {
  const states = internals.states;
  try {
    if (on) states.add(name);
    else states.delete(name);
  } catch {
    // Chromium before version 125 throws for plain names and accepts only the `--name` form.
    if (on) states.add(`--${name}`);
    else states.delete(`--${name}`);
  }
}
