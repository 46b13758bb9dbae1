/**
 * Deterministic JSON: object keys sorted (code-unit order) at every depth, no whitespace,
 * `undefined` members dropped, Dates as ISO strings (what JSON.stringify does with them).
 * Arrays keep their order. Non-finite numbers are refused (JSON cannot carry them).
 */
export function canonicalJson(value: unknown): string {
  return JSON.stringify(normalize(value));
}

/** The JSON value that `value` becomes after a round trip through JSON (and jsonb). */
export function toJsonValue(value: unknown): unknown {
  const text = JSON.stringify(value);
  return text === undefined ? null : JSON.parse(text);
}

function normalize(value: unknown): unknown {
  if (value === null || typeof value === 'string' || typeof value === 'boolean') return value;
  if (typeof value === 'number') {
    if (!Number.isFinite(value)) throw new Error(`canonicalJson: non-finite number ${value}`);
    return value;
  }
  if (value instanceof Date) return value.toISOString();
  if (Array.isArray(value)) return value.map((v) => (v === undefined ? null : normalize(v)));
  if (typeof value === 'object') {
    const out: Record<string, unknown> = {};
    for (const key of Object.keys(value).sort()) {
      const v = (value as Record<string, unknown>)[key];
      if (v !== undefined && typeof v !== 'function') out[key] = normalize(v);
    }
    return out;
  }
  if (typeof value === 'bigint') return value.toString();
  throw new Error(`canonicalJson: unsupported ${typeof value}`);
}
