const issued = new Set<string>();

/**
 * Logs a warning the first time a given message occurs in this page or
 * process. Messages must not contain patient data or credentials.
 */
export function warnOnce(message: string): void {
  if (issued.has(message)) return;
  issued.add(message);
  console.warn(`Studyline: ${message}`);
}
