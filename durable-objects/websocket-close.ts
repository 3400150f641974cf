/** What a close frame answered for a code that may not be sent: a normal closure. */
const NORMAL_CLOSURE = 1000;

/**
 * Whether `code` may go out in a close frame. 1005 (no code given), 1006
 * (connection dropped) and 1015 (TLS failure) only report what happened on
 * the wire and must never be sent (RFC 6455 7.4.1), nor may reserved 1004 or
 * anything outside 1000-4999; workerd throws on all of them.
 */
const isSendable = (code: number) =>
  code >= 1000 && code <= 4999 && code !== 1004 && code !== 1005 && code !== 1006 && code !== 1015;

/**
 * A Durable Object's answer to a client's close: completes the closing
 * handshake with the client's own code and reason where they may be echoed,
 * else with 1000. Echoing blindly breaks on the commonest close of all, a
 * browser's `socket.close()` without a code (1005): workerd throws inside the
 * handler and the client waits for an answer that never comes. A socket
 * already closed needs no answer.
 */
export function answerClose(socket: WebSocket, code: number, reason: string): void {
  if (socket.readyState === WebSocket.CLOSED) return;
  socket.close(isSendable(code) ? code : NORMAL_CLOSURE, reason);
}
