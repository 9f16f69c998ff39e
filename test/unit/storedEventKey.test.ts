/**
 * event_rows stores a key as the 64-bit FNV-1a of its UTF-8 bytes (Claude Code's keys as their text). The hash is
 * computed in 32-bit halves for speed; these tests hold it to the published FNV-1a test vectors and to a BigInt
 * implementation of the definition, over random keys of every kind of character.
 */
import { describe, expect, it } from 'vitest';
import { fnv1a64, storedEventKey, storedEventKeyDecimal } from '../../src/core/storedEventKey';
import { fnv1a64Reference } from './helpers/eventKeys';

const asBigInt = ({ high, low }: { high: number; low: number }) => BigInt.asIntN(64, (BigInt(high) << 32n) | BigInt(low));

/** a seeded generator, so that a failure names a key that fails again */
function random(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (Math.imul(state, 1664525) + 1013904223) >>> 0;
    return state / 0x100000000;
  };
}

describe('the stored form of an event key', () => {
  it('is FNV-1a 64 as published (the vectors of the FNV authors)', () => {
    const vectors: [string, bigint][] = [
      ['', 0xcbf29ce484222325n],
      ['a', 0xaf63dc4c8601ec8cn],
      ['foobar', 0x85944171f73967e8n],
    ];
    for (const [key, hash] of vectors) expect(asBigInt(fnv1a64(key)), key).toBe(BigInt.asIntN(64, hash));
  });

  it('equals the definition over 20,000 random keys: ASCII, accents, CJK, emoji and lone surrogates', () => {
    const next = random(11);
    const alphabets = ['abcXYZ019:_-./|', 'àéîõüßÅØ', '日本語鍵', '🎉👩‍💻', '\ud800\udfff'];
    for (let n = 0; n < 20_000; n++) {
      const length = Math.floor(next() * 40);
      let key = 'id:';
      for (let i = 0; i < length; i++) {
        const alphabet = alphabets[n % 3 === 0 ? Math.floor(next() * alphabets.length) : 0]!;
        key += alphabet[Math.floor(next() * alphabet.length)];
      }
      const { high, low } = fnv1a64(key);
      expect(Number.isInteger(high) && high >= -0x80000000 && high < 0x80000000, key).toBe(true);
      expect(Number.isInteger(low) && low >= 0 && low < 0x100000000, key).toBe(true);
      expect(asBigInt({ high, low }), key).toBe(fnv1a64Reference(key));
      expect(storedEventKeyDecimal(key), key).toBe(fnv1a64Reference(key).toString());
    }
  });

  it("keeps a Claude Code key's text and hashes every other key", () => {
    expect(storedEventKey('claude-code:msg_1:req_1:sidechain')).toEqual({ text: 'claude-code:msg_1:req_1:sidechain', high: 0, low: 0 });
    const hashed = storedEventKey('claude-codex:1');
    expect(hashed.text).toBeNull();
    expect(asBigInt(hashed)).toBe(fnv1a64Reference('claude-codex:1'));
  });
});
