/**
 * Claude Code writes one assistant message more than once: a line per content block while it streams (the
 * same message id and request id, the output count growing), again when a session is resumed (history copied
 * into the new session's file), and again when a side question (`/btw`) or a subagent replays the parent's
 * messages in a sidechain file (the same message id under a new request id, with the sidechain's own cache
 * reads). One copy per message is counted, as ccusage 20.0.24 does:
 *
 * - copies are the same message when message id and request id are equal, or when the message ids are
 *   equal and either copy is a sidechain copy (ccusage #913); two main-chain copies under different request
 *   ids are two requests;
 * - of two copies, a main-chain copy beats a sidechain copy; otherwise the one with more tokens (input +
 *   output + cache write + cache read) wins; with equal tokens the one with a reported cost beats one without,
 *   or the higher cost wins; when still equal the copy kept first stays.
 *
 * Within a scan every file shares one `ClaudeCodeMessages`, which remembers the copies it kept. Across scans
 * it asks the caller for the copies kept before (`StoredClaudeCodeCopies`, backed by the store): a later,
 * better copy replaces the stored one (the change names the event key to remove), a worse or equal copy is a
 * duplicate. The event key carries what the rule needs and the store does not hold in columns: the message
 * id, the request id and whether the copy came from a sidechain.
 */

/** A copy of a message kept so far, as the rule compares them. */
export interface KeptCopy {
  eventKey: string;
  requestId: string | null;
  sidechain: boolean;
  /** input + output + cache write + cache read; unknown counts as 0 */
  tokens: number;
  costUsd: number | null;
}

/** A copy offered for keeping. */
export interface OfferedCopy extends KeptCopy {
  messageId: string;
}

/** The copies of a message kept by earlier scans; the caller backs it with the store (see `claudeCodeKeyRange`). */
export interface StoredClaudeCodeCopies {
  copiesOf(messageId: string): readonly KeptCopy[];
}

export type CopyVerdict = { kind: 'new' } | { kind: 'replaces'; eventKey: string } | { kind: 'duplicate'; of: string };

const keyPrefix = 'claude-code:';
const sidechainSuffix = ':sidechain';

/** `claude-code:<message id>:<request id>`, plus `:sidechain` for a sidechain copy; ids percent-encoded, so `:` only separates. */
export function claudeCodeEventKey(messageId: string, requestId: string | null, sidechain: boolean): string {
  return `${keyPrefix}${encodeURIComponent(messageId)}:${requestId === null ? '' : encodeURIComponent(requestId)}${sidechain ? sidechainSuffix : ''}`;
}

/**
 * The event keys of every copy of a message sort in [from, to): a range query on the store's index of Claude Code's
 * keys finds them (the query repeats `claudeCodeKeysCondition`, as SQLite uses a partial index only for a query that
 * names its condition). `;` is the character after `:`, and encoded ids contain neither.
 */
export function claudeCodeKeyRange(messageId: string): { from: string; to: string } {
  const stem = `${keyPrefix}${encodeURIComponent(messageId)}`;
  return { from: `${stem}:`, to: `${stem};` };
}

/** SQL: whether `value` is a Claude Code event key (a text in their range; a number sorts before any text). */
export const isClaudeCodeKeySql = (value: string): string => `${value} >= '${keyPrefix}' AND ${value} < '${keyPrefix.slice(0, -1)};'`;
/** SQL selecting the rows with a Claude Code event key. */
export const claudeCodeKeysCondition = isClaudeCodeKeySql('event_key');

export const isClaudeCodeEventKey = (key: string): boolean => key.startsWith(keyPrefix);

/** A stored event of a message as a kept copy: the key gives request id and sidechain, the columns the tokens and cost. */
export function keptCopyOfStoredEvent(row: {
  eventKey: string;
  inputTokens: number | null;
  outputTokens: number | null;
  cacheReadTokens: number | null;
  cacheWriteTokens: number | null;
  costReportedUsd: number | null;
}): KeptCopy {
  const sidechain = row.eventKey.endsWith(sidechainSuffix);
  const body = sidechain ? row.eventKey.slice(0, -sidechainSuffix.length) : row.eventKey;
  const request = body.slice(body.lastIndexOf(':') + 1);
  return {
    eventKey: row.eventKey,
    requestId: request === '' ? null : decodeURIComponent(request),
    sidechain,
    tokens: (row.inputTokens ?? 0) + (row.outputTokens ?? 0) + (row.cacheReadTokens ?? 0) + (row.cacheWriteTokens ?? 0),
    costUsd: row.costReportedUsd,
  };
}

/** A copy as this scan remembers it: its event key is not held (one string fewer per message kept), it is derived when a verdict names it. */
interface Copy {
  requestId: string | null;
  sidechain: boolean;
  tokens: number;
  costUsd: number | null;
}

function copyOf(kept: KeptCopy): Copy {
  return { requestId: kept.requestId, sidechain: kept.sidechain, tokens: kept.tokens, costUsd: kept.costUsd };
}

function sameMessage(kept: Copy, offered: OfferedCopy): boolean {
  return kept.requestId === offered.requestId || kept.sidechain || offered.sidechain;
}

function better(offered: OfferedCopy, kept: Copy): boolean {
  if (offered.sidechain !== kept.sidechain) return kept.sidechain;
  if (offered.tokens !== kept.tokens) return offered.tokens > kept.tokens;
  if (offered.costUsd === null || offered.costUsd === kept.costUsd) return false;
  return kept.costUsd === null || offered.costUsd > kept.costUsd;
}

const noStoredCopies: StoredClaudeCodeCopies = { copiesOf: () => [] };
const isNew: CopyVerdict = { kind: 'new' };
const noCopies: Copy[] = [];

/** The copies kept in one scan, shared by all its files; see the module comment for the rule. */
export class ClaudeCodeMessages {
  /**
   * By message id: its one kept copy, or its copies when there are more (most messages have one: no array
   * for them). Every message of a scan stays here to its end, so this is most of what a scan holds.
   */
  private readonly kept = new Map<string, Copy | Copy[]>();

  constructor(private readonly stored: StoredClaudeCodeCopies = noStoredCopies) {}

  /** Decides whether the copy is kept, and remembers it when it is. */
  offer(copy: OfferedCopy): CopyVerdict {
    const held = this.kept.get(copy.messageId);
    if (held === undefined) {
      const stored = this.stored === noStoredCopies ? noCopies : this.stored.copiesOf(copy.messageId).map(copyOf);
      if (stored.length === 0) {
        this.kept.set(copy.messageId, copyOf(copy));
        return isNew;
      }
      this.kept.set(copy.messageId, stored);
      return this.decide(stored, copy);
    }
    if (Array.isArray(held)) return this.decide(held, copy);
    const copies = [held];
    this.kept.set(copy.messageId, copies);
    return this.decide(copies, copy);
  }

  private decide(copies: Copy[], copy: OfferedCopy): CopyVerdict {
    const index = matchIndex(copies, copy);
    if (index < 0) {
      copies.push(copyOf(copy));
      return isNew;
    }
    const match = copies[index]!;
    const matchKey = claudeCodeEventKey(copy.messageId, match.requestId, match.sidechain);
    if (!better(copy, match)) return { kind: 'duplicate', of: matchKey };
    copies[index] = copyOf(copy);
    return { kind: 'replaces', eventKey: matchKey };
  }
}

/** The copy with the same request id first, else the first copy that a sidechain makes the same message. */
function matchIndex(copies: readonly Copy[], offered: OfferedCopy): number {
  for (let index = 0; index < copies.length; index++) if (copies[index]!.requestId === offered.requestId) return index;
  for (let index = 0; index < copies.length; index++) if (sameMessage(copies[index]!, offered)) return index;
  return -1;
}
