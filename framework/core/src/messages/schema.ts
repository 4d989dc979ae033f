import type { StandardSchemaV1 } from '@standard-schema/spec';
import { SchemaValidationError } from '../errors';

export type { StandardSchemaV1 };

/** True when `value` implements Standard Schema v1 (zod ≥ 3.24, valibot, arktype, …). */
export function isStandardSchema(value: unknown): value is StandardSchemaV1 {
  return (
    (typeof value === 'object' || typeof value === 'function') &&
    value !== null &&
    typeof (value as { '~standard'?: { validate?: unknown } })['~standard']?.validate === 'function'
  );
}

/**
 * Validates `value` with `schema` and returns the schema's output (defaults applied, coercions done):
 * synchronously when the schema is synchronous (zod, valibot), as a promise when it is async.
 * Throws (or rejects with) `SchemaValidationError` listing each issue as `path: message`.
 */
export function validateWithSchema(schema: StandardSchemaV1, value: unknown, what: string): unknown {
  const result = schema['~standard'].validate(value);
  return result instanceof Promise ? result.then((r) => outputOf(r, what)) : outputOf(result, what);
}

function outputOf(result: StandardSchemaV1.Result<unknown>, what: string): unknown {
  if (result.issues === undefined) return result.value;
  const issues = result.issues.map((issue) => {
    const path = (issue.path ?? []).map((p) => String(typeof p === 'object' ? p.key : p)).join('.');
    return `${path || '(root)'}: ${issue.message}`;
  });
  throw new SchemaValidationError(`${what} does not match its schema: ${issues.join('; ')}`, issues);
}
