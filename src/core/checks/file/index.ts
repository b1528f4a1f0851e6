import type { FileCheck } from '../check.js';
import { noCommandsInEvents } from './no-commands-in-events.js';
import { noRequestReplyOverKafka } from './no-request-reply-over-kafka.js';
import { requirePartitionKey } from './require-partition-key.js';

/** Checks that need one file only: ESLint rules and CLI checks at once. */
export const FILE_CHECKS: readonly FileCheck[] = [requirePartitionKey, noRequestReplyOverKafka, noCommandsInEvents] as readonly FileCheck[];
