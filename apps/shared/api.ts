/**
 * The apps' only door to the API: the typed client of src/client, on the page's own origin (the Worker
 * serves the apps and the API together). Failures become an ApiFailure carrying the problem+json the API
 * answered (or a stand-in for a network failure), which <ProblemView> shows.
 */
import { AisleProblem, createAisleClient, ok, type AisleClient, type Schemas } from '../../src/client';

export type { AisleClient, Schemas };
export type Problem = Schemas['Problem'];

export const apiOrigin = (): string => location.origin;

/** A client for the signed-in user (or anonymous, for public reads). */
export function apiClient(token?: string, channel: 'web' | 'app' = 'web'): AisleClient {
  return createAisleClient({ baseUrl: apiOrigin(), token, channel });
}

/** What went wrong, as the apps show it: always a problem with a `detail`, never a stack. */
export class ApiFailure extends Error {
  override name = 'ApiFailure';
  constructor(readonly problem: Problem) {
    super(problem.detail);
  }
}

const networkProblem = (): Problem => ({
  type: 'about:blank',
  title: 'No connection',
  status: 0,
  code: 'unavailable',
  detail: 'The API could not be reached. Check the connection and try again.',
});

/** The data of a successful call; any failure thrown as an ApiFailure. */
export async function call<T>(request: Promise<{ data?: T; error?: unknown; response: Response }>): Promise<T> {
  try {
    return await ok(request);
  } catch (error) {
    throw toFailure(error);
  }
}

export function toFailure(error: unknown): ApiFailure {
  if (error instanceof ApiFailure) return error;
  if (error instanceof AisleProblem) {
    return new ApiFailure(
      error.problem ?? {
        type: 'about:blank',
        title: error.response.statusText || 'Request failed',
        status: error.status,
        code: 'internal',
        detail: `The API answered ${error.status}.`,
      },
    );
  }
  return new ApiFailure(networkProblem());
}
