/** Text from files made safe for messages: terminals must not receive a cell's raw control characters. */

// C0 controls except none, DEL, C1 controls, and the bidirectional overrides that can reorder a line
// eslint-disable-next-line no-control-regex -- matching control characters is the point
const controls = /[\u0000-\u001f\u007f-\u009f\u202a-\u202e\u2066-\u2069]/g;

/** Control characters as visible escapes (`\x1b`, `\n`, `\u202e`); all other text unchanged. */
export function escapeControls(text: string): string {
  return text.replace(controls, (char) => {
    const code = char.charCodeAt(0);
    if (char === '\n') return '\\n';
    if (char === '\r') return '\\r';
    if (char === '\t') return '\\t';
    return code <= 0xff ? `\\x${code.toString(16).padStart(2, '0')}` : `\\u${code.toString(16).padStart(4, '0')}`;
  });
}

/** The first `shown` items and "and N more", so a file with 100k unknown columns gives one short line. */
export function listSome(items: readonly string[], shown = 10): string {
  const head = items.slice(0, shown).join(', ');
  return items.length > shown ? `${head} and ${items.length - shown} more` : head;
}
