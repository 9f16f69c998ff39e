/**
 * Per-model prices the user sets (settings, CLI): `{ "<model>": { inputPerMTok, outputPerMTok,
 * cacheReadPerMTok?, cacheWritePerMTok?, cacheWrite1hPerMTok? } }`, USD per million tokens. They win over
 * the price table. An entry that is not valid is left out and named in `problems`, never dropped quietly.
 */
import { escapeControls } from '../printable';

export interface PriceOverride {
  inputPerMTok: number;
  outputPerMTok: number;
  cacheReadPerMTok?: number;
  /** every cache write, or the 5-minute ones when cacheWrite1hPerMTok is set */
  cacheWritePerMTok?: number;
  cacheWrite1hPerMTok?: number;
}

export interface PriceOverrides {
  /** by model name, trimmed and lower-cased */
  readonly byModel: ReadonlyMap<string, PriceOverride>;
}

export interface ParsedPriceOverrides {
  overrides: PriceOverrides;
  problems: string[];
}

export const noPriceOverrides: PriceOverrides = { byModel: new Map() };

const requiredFields = ['inputPerMTok', 'outputPerMTok'] as const;
const optionalFields = ['cacheReadPerMTok', 'cacheWritePerMTok', 'cacheWrite1hPerMTok'] as const;
const knownFields = new Set<string>([...requiredFields, ...optionalFields]);

export function overrideKey(model: string): string {
  return model.trim().toLowerCase();
}

export function parsePriceOverrides(value: unknown): ParsedPriceOverrides {
  const problems: string[] = [];
  const byModel = new Map<string, PriceOverride>();
  if (value === undefined || value === null) return { overrides: { byModel }, problems };
  if (!isPlainObject(value)) {
    problems.push(`price overrides must be an object of models, got ${describe(value)}`);
    return { overrides: { byModel }, problems };
  }
  const firstNameOf = new Map<string, string>();
  for (const [model, entry] of Object.entries(value)) {
    const name = JSON.stringify(escapeControls(model));
    const key = overrideKey(model);
    if (key === '') {
      problems.push('price override with an empty model name');
      continue;
    }
    const earlier = firstNameOf.get(key);
    if (earlier !== undefined) {
      problems.push(`price override ${name}: the same model as ${earlier} (names ignore case and spaces)`);
      continue;
    }
    firstNameOf.set(key, name);
    const parsed = parseEntry(entry);
    if (typeof parsed === 'string') problems.push(`price override ${name}: ${parsed}`);
    else byModel.set(key, parsed);
  }
  return { overrides: { byModel }, problems };
}

/** The override, or why it is not valid. */
function parseEntry(entry: unknown): PriceOverride | string {
  if (!isPlainObject(entry)) return `expected an object with inputPerMTok and outputPerMTok, got ${describe(entry)}`;
  const unknown = Object.keys(entry).filter((field) => !knownFields.has(field));
  if (unknown.length > 0) {
    return `unknown field${unknown.length === 1 ? '' : 's'} ${unknown.map((field) => JSON.stringify(escapeControls(field))).join(', ')} (known: ${[...knownFields].join(', ')})`;
  }
  const override: Partial<Record<keyof PriceOverride, number>> = {};
  for (const field of [...requiredFields, ...optionalFields]) {
    const price = entry[field];
    if (price === undefined) {
      if ((requiredFields as readonly string[]).includes(field)) return `${field} is missing`;
      continue;
    }
    if (typeof price !== 'number' || !Number.isFinite(price) || price < 0) {
      return `${field} must be a non-negative number of USD per million tokens, got ${describe(price)}`;
    }
    override[field] = price;
  }
  if (override.cacheWrite1hPerMTok !== undefined && override.cacheWritePerMTok === undefined) {
    return 'cacheWrite1hPerMTok needs cacheWritePerMTok as well';
  }
  return override as PriceOverride;
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function describe(value: unknown): string {
  if (Array.isArray(value)) return 'a list';
  if (value === null) return 'null';
  const text = typeof value === 'string' ? JSON.stringify(value) : typeof value === 'object' ? 'an object' : String(value);
  const printable = escapeControls(text);
  return printable.length > 40 ? `${printable.slice(0, 40)}…` : printable;
}
