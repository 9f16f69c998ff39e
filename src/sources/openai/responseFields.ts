/**
 * Reads fields of an Admin API response whichever way the JSON was parsed: plain objects and numbers
 * (JSON.parse) or the digit-exact Map/JsonNumber form of `parseJson`. A field of the wrong type is a
 * FetchError naming the endpoint, the place in the response and the field; it is never coerced.
 */
import { JsonNumber } from '../../core/ingest/jsonValue';
import { parseCount, ValueError } from '../../core/values';
import { FetchError } from '../http/types';

export type ResponseObject = Map<string, unknown> | Record<string, unknown>;

export function isResponseObject(value: unknown): value is ResponseObject {
  return value instanceof Map || (typeof value === 'object' && value !== null && !Array.isArray(value) && !(value instanceof JsonNumber));
}

export function fieldOf(object: ResponseObject, name: string): unknown {
  if (object instanceof Map) return object.get(name);
  return Object.prototype.hasOwnProperty.call(object, name) ? object[name] : undefined;
}

/** where a value sits, for error messages: "usage/completions page 2, bucket 1730419200, result 3" */
export type Place = string;

export function shapeError(place: Place, message: string): FetchError {
  return new FetchError(`${place}: ${message}`, null);
}

/** a non-negative integer, or null when the field is absent or null */
export function countOf(object: ResponseObject, name: string, place: Place): number | null {
  try {
    return parseCount(fieldOf(object, name) ?? null);
  } catch (error) {
    if (error instanceof ValueError) throw shapeError(place, `${name}: ${error.message}`);
    throw error;
  }
}

export function requiredCount(object: ResponseObject, name: string, place: Place): number {
  const value = countOf(object, name, place);
  if (value === null) throw shapeError(place, `${name} is missing`);
  return value;
}

/** a string, or null when the field is absent or null */
export function textOf(object: ResponseObject, name: string, place: Place): string | null {
  const value = fieldOf(object, name);
  if (value === undefined || value === null) return null;
  if (typeof value !== 'string') throw shapeError(place, `${name}: expected a string`);
  return value;
}

export function objectOf(value: unknown, place: Place, what: string): ResponseObject {
  if (!isResponseObject(value)) throw shapeError(place, `expected ${what} to be an object`);
  return value;
}

export function arrayOf(value: unknown, place: Place, what: string): readonly unknown[] {
  if (!Array.isArray(value)) throw shapeError(place, `expected ${what} to be an array`);
  return value;
}
