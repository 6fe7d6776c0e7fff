/** Makes a fresh instance of a class through its constructor, for cloneState to fill in. */
export type Factory = (original: never) => object;

/**
 * Deep copy of simulation state (objects keep their classes), for forking a run: typed
 * arrays are copied, arrays and objects copied member by member, and an object met twice is
 * copied once (so references between parts of the state survive). Objects in `shared` (the
 * compiled model, which never changes during a run) and functions are kept, not copied.
 *
 * A class instance is rebuilt by its factory (keyed by prototype) and then filled in, so the copy
 * has the same hidden class as objects the constructor made: an Object.create copy would make the
 * engine's hot code polymorphic and slow every event after the fork (measured: it ate most of
 * the saving).
 */
export function cloneState<T>(value: T, shared: ReadonlySet<object>, factories: ReadonlyMap<object, Factory> = new Map(), memo: Map<object, unknown> = new Map()): T {
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
    // slice() keeps the array's internal element kind (packed doubles, holey, ...); an array
    // rebuilt element by element would not, and code shared with the original would slow down.
    const copy: unknown[] = obj.slice();
    memo.set(obj, copy);
    for (let i = 0; i < copy.length; i++) {
      const v = copy[i];
      if (v !== null && typeof v === 'object') copy[i] = cloneState(v, shared, factories, memo);
    }
    return copy as unknown as T;
  }
  if (obj instanceof Map || obj instanceof Set) throw new TypeError('cloneState: Map and Set are not supported in simulation state');
  const proto = Object.getPrototypeOf(obj) as object;
  const factory = factories.get(proto);
  if (!factory && proto !== Object.prototype) throw new TypeError(`cloneState: no factory for class ${(proto as { constructor?: { name?: string } }).constructor?.name}`);
  // A plain object is spread, which keeps its hidden class (one built key by key would not).
  const copy = (factory ? factory(obj as never) : { ...obj }) as Record<string, unknown>;
  memo.set(obj, copy);
  for (const key of Object.keys(obj)) {
    const v = (obj as Record<string, unknown>)[key];
    if (factory || (v !== null && typeof v === 'object')) copy[key] = cloneState(v, shared, factories, memo);
  }
  return copy as unknown as T;
}
