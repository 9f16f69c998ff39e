/**
 * A strict JSON parser for one record (a JSON line or an array element). Unlike JSON.parse it keeps
 * every number's source text (ids stay digit-exact, fractions and underflow stay visible), refuses
 * duplicate keys instead of keeping the last one, and is iterative with a depth limit, so a deeply
 * nested value is a clean error rather than a stack overflow.
 */

/** A JSON number as written; `value` is the nearest double. */
export class JsonNumber {
  readonly value: number;
  constructor(readonly source: string) {
    this.value = Number(source);
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
/** a Map: keys such as `__proto__` stay ordinary keys, and key order is kept */
export type JsonObject = Map<string, JsonValue>;

export function isJsonObject(value: unknown): value is JsonObject {
  return value instanceof Map;
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

export const unexpectedEnd = 'unexpected end';

const numberPattern = /-?(?:0|[1-9]\d*)(?:\.\d+)?(?:[eE][+-]?\d+)?/y;
// eslint-disable-next-line no-control-regex -- matching control characters is the point
const plainString = /[^"\\\u0000-\u001f]*"/y;

/** An open container: an array, or an object with the key whose value is being read. */
interface Frame {
  array: JsonValue[] | null;
  object: JsonObject | null;
  key: string;
  /** dotted path of the object, for duplicate-key messages */
  path: string;
}

function describe(text: string, at: number): string {
  if (at >= text.length) return unexpectedEnd;
  // JSON.stringify escapes a control character rather than echoing it
  return `Unexpected token '${JSON.stringify(text[at]).slice(1, -1)}' at position ${at}`;
}

const isSpace = (code: number) => code === 32 || code === 10 || code === 13 || code === 9;

export function parseJson(text: string): JsonValue {
  let i = 0;
  const stack: Frame[] = [];

  const skipSpace = () => {
    while (isSpace(text.charCodeAt(i))) i++;
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
  /** reads `"key":` into the frame; refuses a key the object already has */
  const readKey = (frame: Frame) => {
    skipSpace();
    if (text.charCodeAt(i) !== 34) throw new JsonSyntaxError(describe(text, i));
    const key = readString();
    if (frame.object!.has(key)) {
      const path = frame.path === '' ? key : `${frame.path}.${key}`;
      throw new JsonSyntaxError(`duplicate key "${path}"`, path);
    }
    skipSpace();
    if (text.charCodeAt(i) !== 58) throw new JsonSyntaxError(describe(text, i));
    i++;
    frame.key = key;
  };
  const open = (frame: Frame) => {
    if (stack.length >= maxJsonDepth) throw new JsonSyntaxError(`nested deeper than ${maxJsonDepth} levels`);
    stack.push(frame);
  };

  for (;;) {
    skipSpace();
    let value: JsonValue;
    const c = text.charCodeAt(i);
    if (c === 34) {
      value = readString();
    } else if (c === 45 || (c >= 48 && c <= 57)) {
      numberPattern.lastIndex = i;
      const match = numberPattern.exec(text);
      if (!match) throw new JsonSyntaxError(describe(text, i));
      i = numberPattern.lastIndex;
      value = new JsonNumber(match[0]);
    } else if (c === 123) {
      i++;
      const parent = stack[stack.length - 1];
      const path = parent?.object ? (parent.path === '' ? parent.key : `${parent.path}.${parent.key}`) : '';
      const frame: Frame = { array: null, object: new Map(), key: '', path };
      open(frame);
      skipSpace();
      if (text.charCodeAt(i) !== 125) {
        readKey(frame);
        continue;
      }
      i++;
      stack.pop();
      value = frame.object!;
    } else if (c === 91) {
      i++;
      const frame: Frame = { array: [], object: null, key: '', path: '' };
      open(frame);
      skipSpace();
      if (text.charCodeAt(i) !== 93) continue;
      i++;
      stack.pop();
      value = frame.array!;
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
      throw new JsonSyntaxError(describe(text, i));
    }
    // attach the finished value to its container; a closing bracket finishes the container in turn
    for (;;) {
      const frame = stack[stack.length - 1];
      if (!frame) {
        skipSpace();
        if (i !== text.length) throw new JsonSyntaxError(`${describe(text, i)} after the end of the value`);
        return value;
      }
      skipSpace();
      const next = text.charCodeAt(i++);
      if (frame.array) {
        frame.array.push(value);
        if (next === 44) break;
        if (next !== 93) throw new JsonSyntaxError(describe(text, i - 1));
        value = frame.array;
      } else {
        frame.object!.set(frame.key, value);
        if (next === 44) {
          readKey(frame);
          break;
        }
        if (next !== 125) throw new JsonSyntaxError(describe(text, i - 1));
        value = frame.object!;
      }
      stack.pop();
    }
  }
}
