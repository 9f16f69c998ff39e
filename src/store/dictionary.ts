/** A text column's dictionary in the columnar index: each distinct text a code, NULL code 0, codes in order of first appearance. */
export class Dictionary {
  readonly values: (string | null)[];
  private readonly codes = new Map<string, number>();

  /** `values`: an index's dictionary to go on from (its codes stay), else one with NULL alone */
  constructor(values: readonly (string | null)[] = [null]) {
    this.values = [...values];
    for (let code = 1; code < values.length; code++) this.codes.set(values[code]!, code);
  }

  /** A code given before: the value's, else -1. */
  known(value: string): number {
    return this.codes.get(value) ?? -1;
  }

  code(value: string | null): number {
    if (value === null) return 0;
    let code = this.codes.get(value);
    if (code === undefined) {
      code = this.values.length;
      this.values.push(value);
      this.codes.set(value, code);
    }
    return code;
  }
}
