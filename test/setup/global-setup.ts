import type { TestProject } from 'vitest/node';
import { startTestStack } from './test-stack';

/** Each test project gets its own Postgres, so an outage test never disturbs the others. */
export default function setup(project: TestProject) {
  return startTestStack(project);
}
