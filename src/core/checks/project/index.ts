import type { ProjectCheck } from '../check.js';
import { noOrphanTopic } from './no-orphan-topic.js';
import { noSyncCallCycle } from './no-sync-call-cycle.js';
import { noUnhandledRequest } from './no-unhandled-request.js';

/** Checks that need the whole repository: CLI only. */
export const PROJECT_CHECKS: readonly ProjectCheck[] = [noOrphanTopic, noUnhandledRequest, noSyncCallCycle] as readonly ProjectCheck[];
