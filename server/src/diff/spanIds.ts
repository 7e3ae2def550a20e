/**
 * Ids of spans of text (tokens of a line, lines of an output), equal ids for equal spans.
 * Spans are found by a hash of their characters in an open-addressed table and compared
 * where they stand, so no span is copied out into a string of its own. A one-unit span is
 * its character code. Reused from one diff to the next by clear(); never re-entered.
 */
export class SpanIds {
  private table: Int32Array;
  private hashes: Int32Array;
  private starts: Int32Array;
  private ends: Int32Array;
  private texts: string[] = [];
  private count = 0;

  constructor(capacity = 1024) {
    this.table = new Int32Array(tableSize(capacity));
    this.hashes = new Int32Array(capacity);
    this.starts = new Int32Array(capacity);
    this.ends = new Int32Array(capacity);
  }

  /** Room for how many distinct spans before the table grows. */
  get capacity(): number {
    return this.hashes.length;
  }

  clear(): void {
    const mask = this.table.length - 1;
    for (let t = 0; t < this.count; t++) {
      // Only the slots in use are emptied: probing from a span's hash finds its slot.
      for (let slot = this.hashes[t] & mask; ; slot = (slot + 1) & mask) {
        if (this.table[slot] === t + 1) {
          this.table[slot] = 0;
          break;
        }
      }
      this.texts[t] = '';
    }
    this.count = 0;
  }

  id(s: string, start: number, end: number): number {
    if (end - start === 1) {
      return s.charCodeAt(start);
    }
    // As an int32 from the start, as the table stores it (an empty span never mixes it).
    let h = 0x811c9dc5 | 0;
    for (let i = start; i < end; i++) {
      h = Math.imul(h ^ s.charCodeAt(i), 0x01000193);
    }
    const mask = this.table.length - 1;
    for (let slot = h & mask; ; slot = (slot + 1) & mask) {
      const t = this.table[slot] - 1;
      if (t < 0) {
        if (this.count === this.hashes.length) {
          this.grow();
          return this.id(s, start, end);
        }
        const n = this.count++;
        this.table[slot] = n + 1;
        this.hashes[n] = h;
        this.starts[n] = start;
        this.ends[n] = end;
        this.texts[n] = s;
        return 0x10000 + n;
      }
      if (this.hashes[t] === h && this.same(t, s, start, end)) {
        return 0x10000 + t;
      }
    }
  }

  private same(t: number, s: string, start: number, end: number): boolean {
    const from = this.starts[t];
    if (this.ends[t] - from !== end - start) {
      return false;
    }
    const u = this.texts[t];
    for (let k = 0; k < end - start; k++) {
      if (u.charCodeAt(from + k) !== s.charCodeAt(start + k)) {
        return false;
      }
    }
    return true;
  }

  private grow(): void {
    const n = this.count;
    const widen = (a: Int32Array) => {
      const b = new Int32Array(2 * a.length);
      b.set(a);
      return b;
    };
    this.hashes = widen(this.hashes);
    this.starts = widen(this.starts);
    this.ends = widen(this.ends);
    this.table = new Int32Array(tableSize(this.hashes.length));
    const mask = this.table.length - 1;
    for (let t = 0; t < n; t++) {
      let slot = this.hashes[t] & mask;
      while (this.table[slot] !== 0) {
        slot = (slot + 1) & mask;
      }
      this.table[slot] = t + 1;
    }
  }
}

/** A power of two at least twice the capacity: probes stay short. */
function tableSize(capacity: number): number {
  let size = 16;
  while (size < 2 * capacity) {
    size *= 2;
  }
  return size;
}
