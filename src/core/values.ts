// Small helpers for values the engine reads from files, settings and messages, shared by the capability
// folders instead of each keeping its own copy.

/** A mapping as JSON and YAML parse it: an object that is neither null nor an array. */
export function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** A regular expression source that matches `text` literally. */
export function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
