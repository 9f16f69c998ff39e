/**
 * A strict JSON parser for one record (a JSON line or an array element). Unlike JSON.parse it keeps
 * every number's source text (ids stay digit-exact, fractions and underflow stay visible), refuses
 * duplicate keys instead of keeping the last one, and is iterative with a depth limit, so a deeply
 * nested value is a clean error rather than a stack overflow.
 */

/** A JSON number as written; `value` is the nearest double. */
export class JsonNumber {
  constructor(readonly source: string) {}
  get value(): number {
    return Number(this.source);
  }
  /** as JavaScript writes the double, so row hashes match those of earlier versions */
  toString(): string {
    return String(this.value);
  }
  toJSON(): number {
    return this.value;
  }
}

export type JsonValue = null | boolean | string | JsonNumber | JsonValue[] | JsonObject;
/** objects have no prototype, so keys such as `__proto__` are ordinary keys */
export interface JsonObject {
  [key: string]: JsonValue;
}

export function isJsonObject(value: unknown): value is JsonObject {
  return value !== null && typeof value === 'object' && Object.getPrototypeOf(value) === null;
}

export class JsonSyntaxError extends Error {
  /** the key the problem is about (a duplicate key), dotted like flattened keys */
  constructor(message: string, readonly key: string | null = null) {
    super(message);
    this.name = 'JsonSyntaxError';
  }
}

/** Deepest nesting of objects and arrays a record may have (the seed's records need 3). */
export const maxJsonDepth = 64;

const numberPattern = /-?(?:0|[1-9]\d*)(?:\.\d+)?(?:[eE][+-]?\d+)?/y;
// eslint-disable-next-line no-control-regex -- matching control characters is the point
const plainString = /[^"\\\u0000-\u001f]*"/y;

export const unexpectedEnd = 'unexpected end';

type Frame = { array: JsonValue[] } | { object: JsonObject; key: string; path: string };

function describe(text: string, at: number): string {
  if (at >= text.length) return unexpectedEnd;
  // JSON.stringify escapes a control character rather than echoing it
  return `Unexpected token '${JSON.stringify(text[at]).slice(1, -1)}' at position ${at}`;
}

export function parseJson(text: string): JsonValue {
  let i = 0;
  const stack: Frame[] = [];

  const skipSpace = () => {
    for (;;) {
      const c = text.charCodeAt(i);
      if (c === 32 || c === 9 || c === 10 || c === 13) i++;
      else return;
    }
  };
  const expect = (char: string) => {
    skipSpace();
    if (text[i] !== char) throw new JsonSyntaxError(describe(text, i));
    i++;
  };
  const readString = (): string => {
    const start = i; // at the opening quote
    plainString.lastIndex = i + 1;
    if (plainString.test(text)) {
      i = plainString.lastIndex;
      return text.slice(start + 1, i - 1);
    }
    let end = i + 1;
    for (;;) {
      const c = text.charCodeAt(end);
      if (Number.isNaN(c)) throw new JsonSyntaxError(unexpectedEnd);
      if (c === 92) end += 2;
      else if (c === 34) break;
      else end++;
    }
    i = end + 1;
    try {
      return JSON.parse(text.slice(start, i)) as string;
    } catch {
      throw new JsonSyntaxError(`invalid string at position ${start}`);
    }
  };
  const pathOf = (key: string): string => {
    const top = stack[stack.length - 1];
    return top && 'object' in top && top.path !== '' ? `${top.path}.${key}` : key;
  };
  const openObjectKey = (frame: { object: JsonObject; key: string; path: string }) => {
    skipSpace();
    if (text[i] !== '"') throw new JsonSyntaxError(describe(text, i));
    const key = readString();
    if (Object.hasOwn(frame.object, key)) {
      const path = frame.path === '' ? key : `${frame.path}.${key}`;
      throw new JsonSyntaxError(`duplicate key "${path}"`, path);
    }
    expect(':');
    frame.key = key;
  };
  const push = (frame: Frame) => {
    if (stack.length >= maxJsonDepth) throw new JsonSyntaxError(`nested deeper than ${maxJsonDepth} levels`);
    stack.push(frame);
  };

  for (;;) {
    skipSpace();
    let value: JsonValue;
    const c = text[i];
    if (c === '{') {
      i++;
      const parent = stack[stack.length - 1];
      const frame = { object: Object.create(null) as JsonObject, key: '', path: parent && 'object' in parent ? pathOf(parent.key) : '' };
      push(frame);
      skipSpace();
      if (text[i] !== '}') {
        openObjectKey(frame);
        continue;
      }
      i++;
      stack.pop();
      value = frame.object;
    } else if (c === '[') {
      i++;
      const frame = { array: [] as JsonValue[] };
      push(frame);
      skipSpace();
      if (text[i] !== ']') continue;
      i++;
      stack.pop();
      value = frame.array;
    } else if (c === '"') {
      value = readString();
    } else if (text.startsWith('true', i)) {
      i += 4;
      value = true;
    } else if (text.startsWith('false', i)) {
      i += 5;
      value = false;
    } else if (text.startsWith('null', i)) {
      i += 4;
      value = null;
    } else {
      numberPattern.lastIndex = i;
      const match = numberPattern.exec(text);
      if (!match) throw new JsonSyntaxError(describe(text, i));
      i = numberPattern.lastIndex;
      value = new JsonNumber(match[0]);
    }
    // attach the finished value to its container; closing containers finish values in turn
    for (;;) {
      const frame = stack[stack.length - 1];
      if (!frame) {
        skipSpace();
        if (i !== text.length) throw new JsonSyntaxError(`${describe(text, i)} after the end of the value`);
        return value;
      }
      skipSpace();
      const next = text[i++];
      if ('array' in frame) {
        frame.array.push(value);
        if (next === ',') break;
        if (next !== ']') throw new JsonSyntaxError(describe(text, i - 1));
        value = frame.array;
      } else {
        frame.object[frame.key] = value;
        if (next === ',') {
          openObjectKey(frame);
          break;
        }
        if (next !== '}') throw new JsonSyntaxError(describe(text, i - 1));
        value = frame.object;
      }
      stack.pop();
    }
  }
}
