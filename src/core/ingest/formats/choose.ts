/** Which format reads a file: the one asked for, the one its header matches exactly, or our own columns. */
import { MappingError, type RecordKind } from '../mapping';
import type { Container, SourceFormat } from './format';
import { formatById, sourceFormats } from './index';
import { describeDifference, matchHeader, nearMissMessage, nearestFormatsText, recogniseHeader, withArticle, type HeaderMatch } from './recognise';

export interface FormatChoice {
  /** null: the file is read by our own column names */
  format: SourceFormat | null;
  /** columns of a forced format's file that the format does not read */
  unknownColumns: string[];
  /** for the message when our own column names cannot read the file either */
  nearest: HeaderMatch[];
}

export function knownFormatIds(): string {
  return sourceFormats.map((format) => format.id).join(', ');
}

export function chooseFormat(
  header: readonly string[],
  container: Container,
  options: { sourceFormat?: string; kind?: RecordKind },
): FormatChoice {
  if (options.sourceFormat !== undefined) {
    const format = formatById(options.sourceFormat);
    if (!format) throw new MappingError(`unknown source format "${options.sourceFormat}"; known formats: ${knownFormatIds()}`);
    if (!format.containers.includes(container)) throw new MappingError(`${withArticle(format.label)} is not a ${container.toUpperCase()} file`);
    const match = matchHeader(format, header);
    if (match.missing.length > 0) throw new MappingError(`not ${withArticle(format.label)}: the header ${describeDifference({ ...match, unexpected: [] })}`);
    return { format, unknownColumns: match.unexpected, nearest: [] };
  }
  if (options.kind !== undefined) return { format: null, unknownColumns: [], nearest: [] };
  const recognition = recogniseHeader(sourceFormats, header, container);
  switch (recognition.kind) {
    case 'format':
      return { format: recognition.format, unknownColumns: [], nearest: [] };
    case 'near-miss':
      throw new MappingError(nearMissMessage(recognition.match));
    case 'none':
      return { format: null, unknownColumns: [], nearest: recognition.nearest };
  }
}

/** Only a format sharing this much of its required columns is worth naming as "nearest". */
const nearestScore = 0.3;

/**
 * Our own column names could not read the file: when nothing told what it holds, say which columns it
 * has and which formats come closest; other mapping errors already name their columns.
 */
export function unrecognisedMessage(reason: string, header: readonly string[], nearest: readonly HeaderMatch[]): string {
  if (!/^(cannot tell|missing required column)/.test(reason)) return reason;
  const close = nearest.filter((match) => match.score >= nearestScore);
  const seen = header.filter((column) => column.trim() !== '');
  const shown = seen.slice(0, 12).join(', ') + (seen.length > 12 ? `, … (${seen.length} columns)` : '');
  return `${reason}. Columns seen: ${shown}${nearestFormatsText(close)}`;
}
