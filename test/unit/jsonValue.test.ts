/** The strict JSON record parser: same values as JSON.parse for valid input, clean errors for the rest. */
import { describe, expect, it } from 'vitest';
import { isJsonObject, JsonNumber, JsonSyntaxError, maxJsonDepth, parseJson, type JsonValue } from '../../src/core/ingest/jsonValue';
import { Rng } from '../../src/tools/sample/random';

/** Plain JS value of a parsed tree, comparable with JSON.parse's. */
function plain(value: JsonValue): unknown {
  if (value instanceof JsonNumber) return value.value;
  if (Array.isArray(value)) return value.map(plain);
  if (isJsonObject(value)) return Object.fromEntries([...value].map(([key, child]) => [key, plain(child)]));
  return value;
}

function syntaxError(text: string): JsonSyntaxError {
  try {
    parseJson(text);
  } catch (error) {
    expect(error).toBeInstanceOf(JsonSyntaxError);
    return error as JsonSyntaxError;
  }
  throw new Error(`expected ${text.slice(0, 40)} to be refused`);
}

function randomValue(rng: Rng, depth: number): unknown {
  const pick = Math.floor(rng.next() * (depth > 3 ? 5 : 7));
  const text = () => ['', 'a', 'é"\\\n\t/', '\u2028', 'x'.repeat(30), '\ud83d\ude00'][Math.floor(rng.next() * 6)];
  switch (pick) {
    case 0: return null;
    case 1: return rng.next() < 0.5;
    case 2: return [0, -1, 1.5, 1e21, 123456789, -0.000001][Math.floor(rng.next() * 6)];
    case 3: return Math.floor(rng.next() * 1e6);
    case 4: return text();
    case 5: return Array.from({ length: Math.floor(rng.next() * 4) }, () => randomValue(rng, depth + 1));
    default: return Object.fromEntries(Array.from({ length: Math.floor(rng.next() * 4) }, (_, i) => [`k${i}${text()}`, randomValue(rng, depth + 1)]));
  }
}

describe('parseJson', () => {
  it('agrees with JSON.parse on 300 random valid documents, with and without whitespace', () => {
    const rng = new Rng(7);
    for (let i = 0; i < 300; i++) {
      const value = randomValue(rng, 0);
      for (const text of [JSON.stringify(value), JSON.stringify(value, null, 2)]) expect(plain(parseJson(text))).toEqual(JSON.parse(text));
    }
  });

  it('keeps the source text of numbers', () => {
    const parsed = parseJson('{"id": 9007199254740993, "x": [1.0000000000000001, 1e-400]}') as Map<string, JsonValue>;
    expect((parsed.get('id') as JsonNumber).source).toBe('9007199254740993');
    expect((parsed.get('x') as JsonNumber[]).map((n) => n.source)).toEqual(['1.0000000000000001', '1e-400']);
  });

  it('refuses duplicate keys, naming the dotted key', () => {
    expect(syntaxError('{"input_tokens":-5,"input_tokens":5}')).toMatchObject({ key: 'input_tokens', message: 'duplicate key "input_tokens"' });
    expect(syntaxError('{"usage":{"a":1,"a":2}}')).toMatchObject({ key: 'usage.a' });
    expect(syntaxError('{"__proto__":1,"__proto__":2}')).toMatchObject({ key: '__proto__' });
  });

  it('keeps __proto__ as an ordinary key', () => {
    const parsed = parseJson('{"__proto__":{"polluted":1}}');
    expect([...(parsed as Map<string, JsonValue>).keys()]).toEqual(['__proto__']);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });

  it('refuses nesting deeper than the limit without overflowing the stack, at 20,000 levels too', () => {
    const nested = (depth: number) => '['.repeat(depth) + ']'.repeat(depth);
    expect(() => parseJson(nested(maxJsonDepth))).not.toThrow();
    expect(syntaxError(nested(maxJsonDepth + 1)).message).toBe(`nested deeper than ${maxJsonDepth} levels`);
    expect(syntaxError(nested(20_000)).message).toBe(`nested deeper than ${maxJsonDepth} levels`);
    expect(syntaxError(`{"a":${'{"b":'.repeat(20_000)}1${'}'.repeat(20_000)}}`).message).toBe(`nested deeper than ${maxJsonDepth} levels`);
  });

  it('refuses what JSON.parse refuses', () => {
    for (const text of ['', '{', '{"a"}', '{"a":1,}', '[1,]', '[1 2]', 'NaN', '01', '1.', '"\u0001"', '"\\x"', '{"a":1} x', 'tru', '-', '{a:1}']) {
      expect(() => JSON.parse(text)).toThrow();
      syntaxError(text);
    }
    expect(syntaxError('{"a":1').message).toBe('unexpected end');
    expect(syntaxError('NaN').message).toBe("Unexpected token 'N' at position 0");
  });
});
