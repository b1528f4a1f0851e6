/**
 * Reading names as orders or facts. `SendWelcomeEmail`, `send-email`, `email.send` order someone to act;
 * `UserRegistered`, `order.confirmed` state what happened. A name with a past participle is a fact; a name
 * with a command verb and no past participle is an order.
 */

/** Splits `SendWelcomeEmail`, `send_welcome-email`, `email.send`, `ORDER_PLACED` into lower-case words. */
export function words(name: string): string[] {
  return name
    .replace(/([a-z0-9])([A-Z])/g, '$1 $2')
    .replace(/([A-Z]+)([A-Z][a-z])/g, '$1 $2')
    .split(/[^A-Za-z0-9]+/)
    .filter((word) => word.length > 0)
    .map((word) => word.toLowerCase());
}

const IRREGULAR_PAST = new Set([
  'sent', 'paid', 'built', 'made', 'done', 'taken', 'written', 'given', 'held', 'sold', 'bought', 'lost',
  'found', 'begun', 'won', 'spent', 'left', 'kept', 'met', 'chosen', 'frozen', 'hidden', 'known', 'seen',
  'shown', 'thrown', 'withdrawn', 'undone', 'rebuilt', 'resent', 'bound', 'drawn', 'gone', 'sunk', 'struck',
]);

/** Words that end in -ed without being past participles. */
const NOT_PAST = new Set(['need', 'feed', 'seed', 'speed', 'breed', 'bleed', 'greed', 'weed', 'deed', 'embed', 'shed', 'hundred', 'sacred', 'naked', 'wicked', 'rugged', 'kindred', 'hatred']);

/** `created`, `confirmed`, `sent`: the word of a fact. `need`, `feed`, `speed` are not. */
export function isPastParticiple(word: string): boolean {
  if (IRREGULAR_PAST.has(word)) return true;
  return word.length >= 4 && word.endsWith('ed') && !NOT_PAST.has(word);
}

/**
 * Verbs that order work. Query verbs (`get`, `fetch`, `list`) are not among them: a name built on one asks for
 * data, and a query sent over Kafka is a request waiting for its answer, which no-request-reply-over-kafka speaks to.
 */
export const DEFAULT_COMMAND_VERBS: readonly string[] = [
  'send', 'create', 'update', 'delete', 'remove', 'process', 'execute', 'run', 'do', 'notify', 'charge',
  'generate', 'trigger', 'start', 'stop', 'dispatch', 'perform', 'schedule', 'sync', 'calculate', 'compute',
  'reserve', 'cancel', 'refund', 'ship', 'deliver', 'invoke', 'apply', 'assign', 'approve', 'reject', 'submit',
  'place', 'command', 'commands', 'cmd',
];

/**
 * True when a name states what happened (`created`, `ORDER_PLACED`, `opened`): some word is a past
 * participle. GitHub-style `action: 'opened'` describes an event; `action: 'SEND_EMAIL'` orders one.
 */
export function readsAsFact(name: string): boolean {
  return words(name).some(isPastParticiple);
}

/**
 * The command verb a name is built on, or `undefined` when it reads as a fact or a noun. `allowed`
 * names are never orders (team conventions such as a `push-notifications` topic).
 */
export function commandWordOf(name: string, verbs: ReadonlySet<string>): string | undefined {
  const parts = words(name);
  if (parts.length === 0 || parts.some(isPastParticiple)) return undefined;
  return parts.find((word) => verbs.has(word));
}
