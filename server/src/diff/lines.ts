import type { SpanIds } from './spanIds';

/**
 * The lines of a text as offsets into it. A line diff of a large output mostly walks lines
 * that are the same on both sides; reading them in place, rather than copying every line
 * out first, keeps the diff from allocating the text a second time.
 */
export class Lines {
  /** Where each line starts; one more entry, the text's length. */
  private readonly starts: Int32Array;
  readonly length: number;

  constructor(readonly text: string) {
    let n = 0;
    for (let nl = text.indexOf('\n'); nl >= 0; nl = text.indexOf('\n', nl + 1)) {
      n++;
    }
    // A last line without a line break is a line too.
    const last = text.length > 0 && !text.endsWith('\n') ? 1 : 0;
    this.length = n + last;
    this.starts = new Int32Array(this.length + 1);
    let k = 1;
    for (let nl = text.indexOf('\n'); nl >= 0; nl = text.indexOf('\n', nl + 1)) {
      this.starts[k++] = nl + 1;
    }
    this.starts[this.length] = text.length;
  }

  /** Line i with its line break. */
  line(i: number): string {
    return this.text.slice(this.starts[i], this.starts[i + 1]);
  }

  /** Line i without its line break (\n or \r\n), as it is shown. */
  display(i: number): string {
    const start = this.starts[i];
    let end = this.starts[i + 1];
    if (end > start && this.text.charCodeAt(end - 1) === 10) {
      end -= end - 1 > start && this.text.charCodeAt(end - 2) === 13 ? 2 : 1;
    }
    return this.text.slice(start, end);
  }

  /** The id of line i (with its line break) among `ids`. */
  id(i: number, ids: SpanIds): number {
    return ids.id(this.text, this.starts[i], this.starts[i + 1]);
  }

  /** Whether line i here and line j of `other` are the same, compared where they stand. */
  same(i: number, other: Lines, j: number): boolean {
    const a = this.starts[i];
    const b = other.starts[j];
    const n = this.starts[i + 1] - a;
    if (other.starts[j + 1] - b !== n) {
      return false;
    }
    const s = this.text;
    const t = other.text;
    for (let k = 0; k < n; k++) {
      if (s.charCodeAt(a + k) !== t.charCodeAt(b + k)) {
        return false;
      }
    }
    return true;
  }
}
