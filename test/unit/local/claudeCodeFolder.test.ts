import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { writeClaudeCodeFolder } from '../../../src/tools/sample/claudeCodeFolder';
import { transcriptsUnder } from './readClaudeCodeFolder';

const made: string[] = [];
function tempDir(): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'claude-code-gen-'));
  made.push(dir);
  return dir;
}
afterAll(() => {
  for (const dir of made) fs.rmSync(dir, { recursive: true, force: true });
});

function contents(root: string): string[] {
  return transcriptsUnder(root).map((file) => `${path.relative(root, file)}\n${fs.readFileSync(file, 'utf8')}`);
}

describe('Claude Code folder generator', () => {
  it('writes the same folder for the same seed and another for another seed', async () => {
    const [a, b, c] = [tempDir(), tempDir(), tempDir()];
    await writeClaudeCodeFolder({ root: a, lines: 300, seed: 5 });
    await writeClaudeCodeFolder({ root: b, lines: 300, seed: 5 });
    await writeClaudeCodeFolder({ root: c, lines: 300, seed: 6 });
    expect(contents(b)).toEqual(contents(a));
    expect(contents(c)).not.toEqual(contents(a));
  });

  it('writes at least the lines asked for, and counts them', async () => {
    const root = tempDir();
    const summary = await writeClaudeCodeFolder({ root, lines: 500, seed: 1 });
    const lines = transcriptsUnder(root).reduce((n, file) => n + fs.readFileSync(file, 'utf8').split('\n').length - 1, 0);
    expect(lines).toBe(summary.lines);
    expect(summary.lines).toBeGreaterThanOrEqual(500);
    expect(summary.bytes).toBe(transcriptsUnder(root).reduce((n, file) => n + fs.statSync(file).size, 0));
  });

  it('fills the snapshot transcript to the size asked for with lines that hold no usage', async () => {
    const root = tempDir();
    const summary = await writeClaudeCodeFolder({ root, lines: 10, seed: 1, snapshotBytes: 3_000_000 });
    const text = fs.readFileSync(path.join(root, summary.snapshotFile!), 'utf8');
    const lines = text.split('\n').slice(0, -1);
    expect(summary.snapshotBytes).toBe(Buffer.byteLength(text));
    expect(summary.snapshotBytes).toBeGreaterThanOrEqual(3_000_000);
    // it stops at the first line that reaches the size
    expect(summary.snapshotBytes - Buffer.byteLength(lines.at(-1)!) - 1).toBeLessThan(3_000_000);
    expect(lines.length).toBe(summary.written.snapshot);
    expect(lines.every((line) => (JSON.parse(line) as { type: string }).type === 'file-history-snapshot' && !line.includes('"usage"'))).toBe(true);
  });
});
