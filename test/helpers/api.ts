import { exports } from 'cloudflare:workers';
import { expect } from 'vitest';

export interface ApiRequest {
  method?: string;
  token?: string;
  body?: unknown;
  headers?: Record<string, string>;
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- bodies of every shape; each test asserts what it needs
export interface ApiResponse<T = any> {
  status: number;
  headers: Headers;
  body: T;
}

/** Calls the Worker under test through its real fetch handler. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- the body type of ApiResponse
export async function api<T = any>(path: string, request: ApiRequest = {}): Promise<ApiResponse<T>> {
  const headers: Record<string, string> = { ...request.headers };
  if (request.token) headers.authorization = `Bearer ${request.token}`;
  if (request.body !== undefined) headers['content-type'] = 'application/json';
  const response = await exports.default.fetch(`https://aisle.test${path}`, {
    method: request.method ?? 'GET',
    headers,
    body: request.body === undefined ? undefined : JSON.stringify(request.body),
  });
  const text = await response.text();
  const body = text && /json/.test(response.headers.get('content-type') ?? '') ? JSON.parse(text) : text;
  return { status: response.status, headers: response.headers, body };
}

let counter = 0;
/** An id unique within this test run: storage is shared by every test in a file. */
export function uniqueId(prefix: string): string {
  counter += 1;
  return `${prefix}-${Date.now().toString(36)}-${counter}-${Math.random().toString(36).slice(2, 6)}`;
}

/** A repeat under the caller's id got the first answer again, and another body under it 422 `idempotency_key_reused`. */
export function expectIdempotent(first: ApiResponse, repeat: ApiResponse, changed: ApiResponse): void {
  expect(repeat.status).toBe(first.status);
  expect(repeat.headers.get('idempotent-replayed')).toBe('true');
  expect(repeat.body).toEqual(first.body);
  expect(changed.status).toBe(422);
  expect(changed.body.code).toBe('idempotency_key_reused');
}
