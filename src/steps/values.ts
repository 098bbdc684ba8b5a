import { parseTimePropertyValue } from '@jupiterone/integration-sdk-core';

/**
 * The value helpers every converter shares: an Auth0 value narrowed to the
 * type an entity property holds, or `undefined` (the property is left out)
 * when it is absent or of another type.
 */

/** A string with content; a blank string is no value. */
export function str(value: unknown): string | undefined {
  return typeof value === 'string' && value.trim() !== '' ? value : undefined;
}

export function bool(value: unknown): boolean | undefined {
  return typeof value === 'boolean' ? value : undefined;
}

/** A finite number (no `NaN`, no infinities). */
export function num(value: unknown): number | undefined {
  return typeof value === 'number' && Number.isFinite(value)
    ? value
    : undefined;
}

/** The non-empty strings of an array, in order; `undefined` when the value is not an array. */
export function strings(value: unknown): string[] | undefined {
  return Array.isArray(value)
    ? value.filter((v): v is string => typeof v === 'string' && v !== '')
    : undefined;
}

/** The distinct non-empty strings of an array, sorted; `undefined` when the value is not an array. */
export function stringSet(value: unknown): string[] | undefined {
  const values = strings(value);
  return values && [...new Set(values)].sort();
}

/** The distinct values with content, in first-seen order. */
export function unique(values: Iterable<string | undefined>): string[] {
  const seen = new Set<string>();
  for (const value of values) if (str(value)) seen.add(value as string);
  return [...seen];
}

/** An Auth0 timestamp as epoch milliseconds, the data model's `*On` properties. */
export function epochMillis(value: unknown): number | undefined {
  return parseTimePropertyValue(str(value));
}

/**
 * An Auth0 timestamp as an ISO 8601 string (`2024-01-02T03:04:05.678Z`), the
 * form Auth0 returns and the previous integration stored (`createdAt`,
 * `lastLogin`); normalized so every way of reading users writes the same.
 */
export function isoTimestamp(value: unknown): string | undefined {
  const millis = epochMillis(value);
  return millis === undefined ? undefined : new Date(millis).toISOString();
}
