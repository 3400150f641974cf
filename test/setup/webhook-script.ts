/** One scripted answer of a test webhook receiver (test/setup/webhook-receiver.ts); no Node types, so tests import it. */
export interface ScriptedAnswer {
  status?: number;
  headers?: Record<string, string>;
  body?: string;
  hang?: boolean;
  hugeBody?: boolean;
}
