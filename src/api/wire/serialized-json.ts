// A response body already turned into JSON text. Describe calls are most of an API's
// traffic and their answer only changes when the record does, so the text is kept per
// record object: the store replaces a record object on every write, which retires the
// cached text with it (WeakMap keys).

export class SerializedJson {
  #bytes: Buffer | undefined;

  constructor(readonly text: string) {}

  /** The UTF-8 body, encoded once. */
  get bytes(): Buffer {
    return (this.#bytes ??= Buffer.from(this.text));
  }
}

/** `toWire` serialized once per (key, scope) pair; both are held weakly. */
export function memoizeJson<K extends object, S extends object>(toWire: (key: K, scope: S) => unknown): (key: K, scope: S) => SerializedJson {
  const caches = new WeakMap<S, WeakMap<K, SerializedJson>>();
  return (key, scope) => {
    let cache = caches.get(scope);
    if (!cache) caches.set(scope, (cache = new WeakMap()));
    let serialized = cache.get(key);
    if (!serialized) cache.set(key, (serialized = new SerializedJson(JSON.stringify(toWire(key, scope)))));
    return serialized;
  };
}
