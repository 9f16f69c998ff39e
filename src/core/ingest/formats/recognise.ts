/**
 * Recognising a file's format from its exact header (or its first JSON object's keys), and the near
 * misses: a header that shares most of a known format's columns but not all is refused, because reading
 * it through our own column names would misread its units (OpenAI's input includes cached tokens).
 */
import type { Container, SourceFormat } from './format';

export interface HeaderMatch {
  format: SourceFormat;
  /** required columns the header lacks */
  missing: string[];
  /** columns the format does not know */
  unexpected: string[];
  /** share of the format's required columns that the header has */
  score: number;
}

function clean(header: readonly string[]): string[] {
  return header.map((column) => column.replace(/^\uFEFF/, '').trim()).filter((column) => column !== '');
}

export function matchHeader(format: SourceFormat, header: readonly string[]): HeaderMatch {
  const present = new Set(clean(header));
  const known = new Set([...format.required, ...(format.optional ?? [])]);
  const missing = format.required.filter((column) => !present.has(column));
  const unexpected = format.extraColumnsAllowed ? [] : [...present].filter((column) => !known.has(column));
  const score = (format.required.length - missing.length) / format.required.length;
  return { format, missing, unexpected, score };
}

const isExact = (match: HeaderMatch) => match.missing.length === 0 && match.unexpected.length === 0;

/** A share of a format's columns above which a header is taken for a damaged copy of that format. */
export const nearMissScore = 0.6;

export type Recognition =
  | { kind: 'format'; format: SourceFormat }
  | { kind: 'near-miss'; match: HeaderMatch }
  | { kind: 'none'; nearest: HeaderMatch[] };

export function recogniseHeader(formats: readonly SourceFormat[], header: readonly string[], container: Container): Recognition {
  const candidates = formats.filter((format) => format.containers.includes(container));
  const matches = candidates.map((format) => matchHeader(format, header));
  // a header can satisfy several JSON formats that allow extra keys: the one naming the most columns wins
  const exact = matches.filter(isExact).sort((a, b) => b.format.required.length - a.format.required.length)[0];
  if (exact) return { kind: 'format', format: exact.format };
  const ranked = matches.filter((match) => match.score > 0).sort((a, b) => b.score - a.score || a.missing.length - b.missing.length);
  const best = ranked[0];
  if (best && best.score >= nearMissScore) return { kind: 'near-miss', match: best };
  return { kind: 'none', nearest: ranked.slice(0, 3) };
}

function listColumns(columns: readonly string[], limit = 6): string {
  const shown = columns.slice(0, limit).map((column) => `"${column}"`).join(', ');
  return columns.length > limit ? `${shown} and ${columns.length - limit} more` : shown;
}

export function describeDifference(match: HeaderMatch): string {
  const parts: string[] = [];
  if (match.missing.length > 0) parts.push(`lacks ${listColumns(match.missing)}`);
  if (match.unexpected.length > 0) parts.push(`has ${listColumns(match.unexpected)} it does not know`);
  return parts.join(' and ');
}

/** "an OpenAI usage export", "a LiteLLM …" */
export function withArticle(label: string): string {
  return `${/^[AEIOU]/.test(label) ? 'an' : 'a'} ${label}`;
}

export function nearMissMessage(match: HeaderMatch): string {
  return (
    `the columns look like ${withArticle(match.format.label)} but the header ${describeDifference(match)}; ` +
    `it was not imported, since reading it by column names alone could misread its units ` +
    `(if it is one, pass --source-format ${match.format.id} to read it as that format)`
  );
}

export function nearestFormatsText(nearest: readonly HeaderMatch[]): string {
  if (nearest.length === 0) return '';
  return `; nearest known formats: ${nearest.map((match) => `${match.format.label} (${match.format.id}: ${describeDifference(match)})`).join('; ')}`;
}
