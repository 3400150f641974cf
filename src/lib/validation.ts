import type { ZodError } from 'zod';
import { ApiError } from './errors';

/**
 * The most offending fields a 400 lists: a huge invalid body would otherwise
 * answer with an error document larger than itself (100k bad items made 17 MB).
 */
export const MAX_LISTED_ERRORS = 50;

/** Turns a zod failure into a 400 that names the offending fields, the first MAX_LISTED_ERRORS of them. */
export function validationError(error: ZodError, target: string): ApiError {
  const errors = error.issues.slice(0, MAX_LISTED_ERRORS).map((issue) => ({
    path: [target, ...issue.path.map(String)].join('.'),
    message: issue.message,
  }));
  const unlisted = error.issues.length - errors.length;
  const fields = errors.map((e) => e.path).join(', ') + (unlisted > 0 ? ` and ${unlisted} more` : '');
  return new ApiError('validation_failed', `Invalid ${target}: ${fields}`, { extensions: { errors } });
}
