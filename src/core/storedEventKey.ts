/**
 * How event_rows stores an event's key. A Claude Code key keeps its text: its copies are found by a range of keys,
 * and the key carries the request id and the sidechain mark the copy rule reads. Every other key is stored as the
 * 64-bit FNV-1a hash of its UTF-8 bytes, a signed SQLite integer: 8 bytes instead of the text (14 for `id:evt_0000001`,
 * 39 for a UUID), and anyone can compute it from the key to find an event in a snapshot. Two keys sharing a hash
 * would be taken for one event: with n keys that happens with a chance of about n² / 2^65 (3 in a million at ten
 * million events).
 */
import { isClaudeCodeEventKey } from './ingest/local/claudeCodeCopies';

/** A key as stored: the text (Claude Code's keys), or the hash's high half (signed) and low half (unsigned). */
export type StoredEventKey = { text: string; high: 0; low: 0 } | { text: null; high: number; low: number };

const encoder = new TextEncoder();
const offsetHigh = 0xcbf29ce4;
const offsetLow = 0x84222325;

/** 64-bit FNV-1a of the key's UTF-8 bytes, in two 32-bit halves: high signed (as SQL's `key >> 32`), low unsigned. */
export function fnv1a64(key: string): { high: number; low: number } {
  let high = offsetHigh;
  let low = offsetLow;
  // read as UTF-16 units while each is one UTF-8 byte (below 0x80): twice as fast as encoding every key
  for (let i = 0; i < key.length; i++) {
    const unit = key.charCodeAt(i);
    if (unit >= 0x80) return fnv1a64OfBytes(encoder.encode(key));
    low = (low ^ unit) >>> 0;
    // (high·2^32 + low) · (2^40 + 0x1b3) mod 2^64; every product is below 2^42, so exact as a double
    const lowProduct = low * 0x1b3;
    high = (high * 0x1b3 + Math.floor(lowProduct / 0x100000000) + (low << 8)) >>> 0;
    low = lowProduct >>> 0;
  }
  return { high: high | 0, low };
}

function fnv1a64OfBytes(bytes: Uint8Array): { high: number; low: number } {
  let high = offsetHigh;
  let low = offsetLow;
  for (const byte of bytes) {
    low = (low ^ byte) >>> 0;
    const lowProduct = low * 0x1b3;
    high = (high * 0x1b3 + Math.floor(lowProduct / 0x100000000) + (low << 8)) >>> 0;
    low = lowProduct >>> 0;
  }
  return { high: high | 0, low };
}

export function storedEventKey(key: string): StoredEventKey {
  if (isClaudeCodeEventKey(key)) return { text: key, high: 0, low: 0 };
  const { high, low } = fnv1a64(key);
  return { text: null, high, low };
}

/**
 * The stored integer as SQL's decimal text, for the SQL function the view and the migration store keys with
 * (sql.js returns a function's number as a double, which cannot hold 64 bits).
 */
export function storedEventKeyDecimal(key: string): string {
  const { high, low } = fnv1a64(key);
  return BigInt.asIntN(64, (BigInt(high) << 32n) | BigInt(low)).toString();
}
