import type { ZodError } from 'zod';
import { ApiError } from '../lib/errors';

/** Turns a zod failure into a 400 that names every offending field. */
export function validationError(error: ZodError, target: string): ApiError {
  const errors = error.issues.map((issue) => ({
    path: [target, ...issue.path.map(String)].join('.'),
    message: issue.message,
  }));
  const fields = errors.map((e) => e.path).join(', ');
  return new ApiError('validation_failed', `Invalid ${target}: ${fields}`, { extensions: { errors } });
}
