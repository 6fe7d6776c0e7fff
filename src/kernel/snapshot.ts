import type { Factory } from './cloneState.js';

/**
 * Simulation state as plain data, to be stored (v8.serialize) and rebuilt later, perhaps in another
 * process: the counterpart of cloneState for a copy that leaves memory. Typed arrays, arrays and
 * plain objects are kept as they are; a class instance becomes a tagged record of its fields (the
 * class named by `classes`); an object of `shared` (the compiled models, which are rebuilt from
 * the scenario, never stored) becomes its position in that list. An object met twice is encoded
 * once, so references between parts of the state survive (v8.serialize keeps them too).
 */
const CLASS = '\u0000class';
const SHARED = '\u0000shared';

type Plain = Record<string, unknown>;
const CYCLE = Symbol('decoding');

export function encodeState(value: unknown, shared: readonly object[], classes: ReadonlyMap<object, string>, memo = new Map<object, unknown>()): unknown {
  if (value === null || typeof value !== 'object') {
    if (typeof value === 'function') throw new TypeError('encodeState: a function in simulation state cannot be stored');
    return value;
  }
  const obj = value as object;
  const at = shared.indexOf(obj);
  if (at >= 0) return { [SHARED]: at };
  const seen = memo.get(obj);
  if (seen !== undefined) return seen;
  if (ArrayBuffer.isView(obj)) {
    memo.set(obj, obj);
    return obj;
  }
  if (Array.isArray(obj)) {
    const out: unknown[] = new Array(obj.length);
    memo.set(obj, out);
    for (let i = 0; i < obj.length; i++) out[i] = encodeState(obj[i], shared, classes, memo);
    return out;
  }
  if (obj instanceof Map || obj instanceof Set) throw new TypeError('encodeState: Map and Set are not supported in simulation state');
  const proto = Object.getPrototypeOf(obj) as object;
  const name = classes.get(proto);
  if (!name && proto !== Object.prototype) throw new TypeError(`encodeState: no name for class ${(proto as { constructor?: { name?: string } }).constructor?.name}`);
  const fields: Plain = {};
  const out: Plain = name ? { [CLASS]: name, fields } : fields;
  memo.set(obj, out);
  for (const key of Object.keys(obj)) fields[key] = encodeState((obj as Plain)[key], shared, classes, memo);
  return out;
}

/** Rebuilds what encodeState made: classes by their factories (keyed by name), shared objects from `shared`. */
export function decodeState(value: unknown, shared: readonly object[], factories: ReadonlyMap<string, Factory>, memo = new Map<object, unknown>()): unknown {
  if (value === null || typeof value !== 'object') return value;
  const obj = value as Plain;
  const seen = memo.get(obj);
  if (seen === CYCLE) throw new TypeError('decodeState: an instance that refers to itself through its fields is not supported');
  if (seen !== undefined) return seen;
  if (ArrayBuffer.isView(obj)) return obj;
  if (Array.isArray(obj)) {
    const out: unknown[] = new Array(obj.length);
    memo.set(obj, out);
    for (let i = 0; i < obj.length; i++) out[i] = decodeState(obj[i], shared, factories, memo);
    return out;
  }
  if (SHARED in obj) {
    const s = shared[obj[SHARED] as number];
    if (s === undefined) throw new TypeError(`decodeState: no shared object ${String(obj[SHARED])}`);
    return s;
  }
  if (CLASS in obj) {
    const factory = factories.get(obj[CLASS] as string);
    if (!factory) throw new TypeError(`decodeState: no factory for class ${String(obj[CLASS])}`);
    const stored = obj.fields as Plain;
    // Fields first (the factory reads them: sizes, and the objects a constructor takes), then the instance, every field set.
    memo.set(obj, CYCLE);
    const fields: Plain = {};
    for (const key of Object.keys(stored)) fields[key] = decodeState(stored[key], shared, factories, memo);
    const out = factory(fields as never) as Plain;
    Object.assign(out, fields);
    memo.set(obj, out);
    return out;
  }
  const out: Plain = { ...obj };
  memo.set(obj, out);
  for (const key of Object.keys(obj)) {
    const v = obj[key];
    if (v !== null && typeof v === 'object') out[key] = decodeState(v, shared, factories, memo);
  }
  return out;
}
