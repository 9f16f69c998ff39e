/**
 * Rewrites every record separator outside quoted fields (CRLF, LF or a bare CR) to LF, so files with
 * mixed line endings split into the same records as uniform ones; line breaks inside quoted fields
 * stay as written. Follows papaparse's quoting rules and keeps its state across chunks.
 *
 * Most of a chunk is unquoted text, where only a quote or a CR can change anything: the scan jumps from one
 * to the next with indexOf, and the character before a quote tells whether it opens a field.
 */
const enum Quoting {
  FieldStart,
  Unquoted,
  Quoted,
  /** just after a quote inside a quoted field: an escaped quote, the closing quote, or a stray one */
  QuoteInQuoted,
  /** whitespace after a closing quote, which papaparse allows before the delimiter or line break */
  SpacesAfterQuote,
}

const lineFeed = 10;
const carriageReturn = 13;
const quote = 34;

/** `char` (code `c`, not a CR or LF) read in `state`, which is not Quoted. */
function afterChar(state: Quoting, c: number, char: string, delimiter: number): Quoting {
  switch (state) {
    case Quoting.FieldStart:
      return c === quote ? Quoting.Quoted : c === delimiter ? Quoting.FieldStart : Quoting.Unquoted;
    case Quoting.Unquoted:
      return c === delimiter ? Quoting.FieldStart : Quoting.Unquoted;
    default:
      if (c === delimiter) return Quoting.FieldStart;
      if (c === quote) return state === Quoting.QuoteInQuoted ? Quoting.Quoted : Quoting.QuoteInQuoted;
      return /\s/.test(char) ? Quoting.SpacesAfterQuote : Quoting.Quoted;
  }
}

export class RecordSeparators {
  private state = Quoting.FieldStart;
  /** a CR ended the previous chunk: an LF starting this one belongs to it */
  private dropLineFeed = false;
  private readonly delimiter: number;

  constructor(delimiter: string) {
    this.delimiter = delimiter.charCodeAt(0);
  }

  push(text: string): string {
    const delimiter = this.delimiter;
    const parts: string[] = [];
    let copied = 0;
    let state = this.state;
    let i = 0;
    if (this.dropLineFeed && text.charCodeAt(0) === lineFeed) copied = i = 1;
    this.dropLineFeed = false;
    /** where the next quote and the next CR are at or after i (-1: none left; -2: not looked for yet) */
    let nextQuote = -2;
    let nextCr = -2;
    const separatorAt = (cr: number) => {
      parts.push(text.slice(copied, cr), '\n');
      let next = cr + 1;
      if (next === text.length) this.dropLineFeed = true;
      else if (text.charCodeAt(next) === lineFeed) next++;
      copied = i = next;
      state = Quoting.FieldStart;
    };
    while (i < text.length) {
      if (state === Quoting.Quoted) {
        const closing = text.indexOf('"', i);
        if (closing === -1) break;
        state = Quoting.QuoteInQuoted;
        i = closing + 1;
        continue;
      }
      if (state === Quoting.QuoteInQuoted || state === Quoting.SpacesAfterQuote) {
        const c = text.charCodeAt(i);
        if (c === carriageReturn) separatorAt(i);
        else {
          state = c === lineFeed ? Quoting.FieldStart : afterChar(state, c, text[i]!, delimiter);
          i++;
        }
        continue;
      }
      if (nextQuote !== -1 && nextQuote < i) nextQuote = text.indexOf('"', i);
      if (nextCr !== -1 && nextCr < i) nextCr = text.indexOf('\r', i);
      const stop = nextQuote === -1 ? nextCr : nextCr === -1 ? nextQuote : Math.min(nextQuote, nextCr);
      const end = stop === -1 ? text.length : stop;
      if (end > i) {
        // unquoted text without a quote or CR: its last character decides
        const last = text.charCodeAt(end - 1);
        state = last === delimiter || last === lineFeed ? Quoting.FieldStart : Quoting.Unquoted;
      }
      if (stop === -1) break;
      if (stop === nextCr) separatorAt(stop);
      else {
        state = afterChar(state, quote, '"', delimiter);
        i = stop + 1;
      }
    }
    this.state = state;
    if (copied === 0) return text;
    parts.push(text.slice(copied));
    return parts.join('');
  }
}
