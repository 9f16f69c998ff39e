/**
 * What the Langfuse fetchers share: HTTP Basic auth (public key as user, secret key as password), the
 * origin (Langfuse Cloud unless self-hosted), and strict reading of response fields, where a bad value is a
 * FetchError naming the endpoint, the row and the field.
 */
import { ValueError } from '../../core/values';
import { FetchError } from '../http/types';

export const langfuseCloud = 'https://cloud.langfuse.com';

export interface LangfuseConfig {
  publicKey: string;
  secretKey: string;
  /** replaces https://cloud.langfuse.com (self-hosted, tests) */
  baseUrl?: string;
}

export function basicAuthHeader(config: LangfuseConfig): Record<string, string> {
  return { authorization: `Basic ${Buffer.from(`${config.publicKey}:${config.secretKey}`, 'utf8').toString('base64')}` };
}

export function langfuseUrl(config: LangfuseConfig, path: string): URL {
  return new URL(path, config.baseUrl ?? langfuseCloud);
}

export type ResponseRow = Record<string, unknown>;

export function isRow(value: unknown): value is ResponseRow {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** The `data` list of a response, each element an object. */
export function dataRows(body: unknown, where: string): ResponseRow[] {
  if (!isRow(body) || !Array.isArray(body.data)) throw new FetchError(`${where}: response has no "data" list`, null);
  return body.data.map((row: unknown, index) => {
    if (!isRow(row)) throw new FetchError(`${where}, row ${index + 1}: expected an object`, null);
    return row;
  });
}

/** A row's field through a strict parser. */
export function rowField<T>(row: ResponseRow, name: string, parse: (raw: unknown) => T, where: string): T {
  try {
    return parse(row[name]);
  } catch (error) {
    if (error instanceof ValueError) throw new FetchError(`${where}: ${name}: ${error.message}`, null);
    throw error;
  }
}
