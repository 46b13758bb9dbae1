/**
 * Canonical JSON: object keys sorted by UTF-16 code units at every depth, no whitespace, numbers
 * in ECMAScript shortest form (the RFC 8785 / JCS layout for the values we store). Equal values
 * give byte-identical strings, so callers can hash the result (sha256 lives with the caller: this
 * package stays free of Node APIs).
 */

/** Throws TypeError on values JSON cannot carry faithfully (NaN, ±Infinity, bigint, functions, symbols, cycles). */
export function canonicalJson(value: unknown): string {
  return serialize(value, new Set());
}

function serialize(value: unknown, stack: Set<object>): string {
  if (value === null) return 'null';
  if (typeof value === 'object' && 'toJSON' in value && typeof value.toJSON === 'function') {
    return serialize(value.toJSON(), stack);
  }
  switch (typeof value) {
    case 'string':
    case 'boolean':
      return JSON.stringify(value);
    case 'number':
      if (!Number.isFinite(value)) throw new TypeError(`canonicalJson: non-finite number ${value}`);
      return JSON.stringify(value);
    case 'object':
      break;
    default:
      throw new TypeError(`canonicalJson: cannot encode a ${typeof value}`);
  }
  if (stack.has(value)) throw new TypeError('canonicalJson: cyclic structure');
  stack.add(value);
  let out: string;
  if (Array.isArray(value)) {
    out = `[${value.map((v) => (v === undefined ? 'null' : serialize(v, stack))).join(',')}]`;
  } else {
    const entries = Object.entries(value)
      .filter(([, v]) => v !== undefined)
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    out = `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${serialize(v, stack)}`).join(',')}}`;
  }
  stack.delete(value);
  return out;
}
