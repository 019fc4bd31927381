// A Storage held in memory for the page tests, which can be made full (QuotaExceededError on a
// write) or refusing (every call throws, as a browser with blocked site data does).
export class MemoryStorage {
  items = new Map<string, string>();
  full = false;
  /** When set, a write that would make the keys and values longer than this many characters in all fails as a full storage does. */
  quota: number | null = null;
  /** When set, every call throws it. */
  refuse: Error | null = null;
  get length() { return this.items.size; }
  key(i: number) { return [...this.items.keys()][i] ?? null; }
  getItem(key: string) {
    if (this.refuse) throw this.refuse;
    return this.items.get(key) ?? null;
  }
  setItem(key: string, value: string) {
    if (this.refuse) throw this.refuse;
    if (this.full) throw new DOMException('quota', 'QuotaExceededError');
    if (this.quota !== null) {
      let used = key.length + value.length;
      for (const [k, v] of this.items) if (k !== key) used += k.length + v.length;
      if (used > this.quota) throw new DOMException('quota', 'QuotaExceededError');
    }
    this.items.set(key, value);
  }
  removeItem(key: string) { this.items.delete(key); }
  clear() { this.items.clear(); }
}
