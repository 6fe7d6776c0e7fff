/**
 * Deep copy of simulation state (objects keep their classes), for forking a run: typed
 * arrays are copied, arrays and objects copied member by member, and an object met twice is
 * copied once (so references between parts of the state survive). Objects in `shared` (the
 * compiled model, which never changes during a run) and functions are kept, not copied.
 */
export function cloneState<T>(value: T, shared: ReadonlySet<object>, memo: Map<object, unknown> = new Map()): T {
  if (value === null || typeof value !== 'object') return value;
  const obj = value as unknown as object;
  if (shared.has(obj)) return value;
  const seen = memo.get(obj);
  if (seen !== undefined) return seen as T;
  if (ArrayBuffer.isView(obj)) {
    const copy = (obj as unknown as Float64Array).slice();
    memo.set(obj, copy);
    return copy as unknown as T;
  }
  if (Array.isArray(obj)) {
    const copy: unknown[] = new Array(obj.length);
    memo.set(obj, copy);
    for (let i = 0; i < obj.length; i++) copy[i] = cloneState(obj[i], shared, memo);
    return copy as unknown as T;
  }
  if (obj instanceof Map || obj instanceof Set) throw new TypeError('cloneState: Map and Set are not supported in simulation state');
  const copy = Object.create(Object.getPrototypeOf(obj)) as Record<string, unknown>;
  memo.set(obj, copy);
  for (const key of Object.keys(obj)) copy[key] = cloneState((obj as Record<string, unknown>)[key], shared, memo);
  return copy as unknown as T;
}
