/** An import problem tied to a place in a file: file, physical line and (when known) column. */
import { escapeControls } from '../printable';

export class ImportError extends Error {
  constructor(
    readonly file: string,
    readonly line: number | null,
    readonly column: string | null,
    readonly reason: string,
  ) {
    super(formatLocation(file, line, column, reason));
    this.name = 'ImportError';
  }
}

export class ImportCancelled extends Error {
  constructor() {
    super('import cancelled; nothing was imported');
    this.name = 'ImportCancelled';
  }
}

/** The message text; control characters from file names, headers and cells are escaped. */
export function formatLocation(file: string, line: number | null, column: string | null, reason: string): string {
  const place = line === null ? file : `${file}:${line}`;
  return escapeControls(column ? `${place}: column "${column}": ${reason}` : `${place}: ${reason}`);
}
