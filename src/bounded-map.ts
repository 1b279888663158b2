/**
 * A Map that forgets its oldest entry once it holds `capacity`: the per-isolate caches (signing
 * keys, credentials, line configurations) stay bounded without the cliff of clearing everything,
 * which with more numbers than the bound made every lookup a miss.
 */
export class BoundedMap<K, V> extends Map<K, V> {
  constructor(private readonly capacity: number) {
    super();
  }

  override set(key: K, value: V): this {
    if (!this.has(key) && this.size >= this.capacity) {
      const oldest = this.keys().next();
      if (!oldest.done) this.delete(oldest.value);
    }
    return super.set(key, value);
  }
}
