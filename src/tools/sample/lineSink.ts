/** Writes text lines to a file through 1 MiB chunks, waiting when the stream is full: memory stays bounded whatever the file's size. */
import { once } from 'node:events';
import * as fs from 'node:fs';

const chunkChars = 1 << 20;

export class LineSink {
  private readonly stream: fs.WriteStream;
  private readonly failed: Promise<never>;
  private pending = '';
  /** bytes handed to the stream so far */
  bytes = 0;

  constructor(path: string) {
    this.stream = fs.createWriteStream(path, { highWaterMark: 1 << 20 });
    this.failed = new Promise<never>((_, reject) => this.stream.once('error', reject));
    this.failed.catch(() => undefined);
  }

  /** Adds `line` and a newline; resolves at once unless a chunk had to wait for the disk. */
  async write(line: string): Promise<void> {
    this.pending += line + '\n';
    if (this.pending.length >= chunkChars) await this.flush();
  }

  /** Adds text as it is (no newline), e.g. a torn last line. */
  async writeRaw(text: string): Promise<void> {
    this.pending += text;
    if (this.pending.length >= chunkChars) await this.flush();
  }

  private async flush(): Promise<void> {
    const chunk = Buffer.from(this.pending, 'utf8');
    this.pending = '';
    this.bytes += chunk.length;
    if (!this.stream.write(chunk)) await Promise.race([once(this.stream, 'drain'), this.failed]);
  }

  async close(): Promise<number> {
    if (this.pending.length > 0) await this.flush();
    this.stream.end();
    await Promise.race([once(this.stream, 'finish'), this.failed]);
    return this.bytes;
  }
}
