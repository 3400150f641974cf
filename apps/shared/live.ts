/**
 * The API's live feeds (WebSockets) with reconnection. openapi-fetch does not speak WebSocket, so the paths
 * are checked against the typed client's `paths` instead; the token travels as `?token=` (browsers cannot
 * set headers on a WebSocket).
 */
import { useEffect, useRef, useState } from 'preact/hooks';
import type { paths } from '../../src/client';
import { apiOrigin } from './api';

type LivePath = Extract<keyof paths, `${string}/live`>;

export type LiveState = 'connecting' | 'live' | 'reconnecting';

const RETRY_FIRST_MS = 500;
const RETRY_MAX_MS = 10_000;

export interface LiveOptions<M> {
  path: LivePath;
  params?: Record<string, string>;
  token?: string;
  onMessage: (message: M) => void;
  onState?: (state: LiveState) => void;
}

/** Opens the feed and keeps it open (backing off between attempts) until the returned function is called. */
export function openLive<M>({ path, params = {}, token, onMessage, onState }: LiveOptions<M>): () => void {
  let socket: WebSocket | undefined;
  let closed = false;
  let delay = RETRY_FIRST_MS;
  let timer: ReturnType<typeof setTimeout> | undefined;
  const filled = path.replace(/\{(\w+)\}/g, (_, name: string) => encodeURIComponent(params[name] ?? ''));
  const url = new URL(filled, apiOrigin());
  url.protocol = url.protocol === 'https:' ? 'wss:' : 'ws:';
  if (token) url.searchParams.set('token', token);

  const connect = () => {
    socket = new WebSocket(url);
    socket.onopen = () => {
      delay = RETRY_FIRST_MS;
      onState?.('live');
    };
    socket.onmessage = (event) => {
      if (typeof event.data !== 'string' || event.data === 'pong') return;
      onMessage(JSON.parse(event.data) as M);
    };
    socket.onclose = () => {
      if (closed) return;
      onState?.('reconnecting');
      timer = setTimeout(connect, delay);
      delay = Math.min(delay * 2, RETRY_MAX_MS);
    };
  };
  onState?.('connecting');
  connect();
  return () => {
    closed = true;
    clearTimeout(timer);
    socket?.close();
  };
}

/** openLive for a component: reopened when `deps` change, closed on unmount; returns the feed's state. */
export function useLive<M>(options: LiveOptions<M> | null, deps: unknown[]): LiveState {
  const [state, setState] = useState<LiveState>('connecting');
  // The latest render's callback handles each message; the feed is reopened only when `deps` change.
  const latest = useRef(options);
  latest.current = options;
  useEffect(() => {
    if (!options) return undefined;
    return openLive({ ...options, onMessage: (message: M) => latest.current?.onMessage(message), onState: setState });
  }, deps);
  return state;
}
