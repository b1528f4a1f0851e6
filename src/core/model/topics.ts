/** A consumer's subscription: a topic name, or a RegExp (`/^orders\./`) over topic names. */
export interface Subscription {
  readonly topic: string | null;
  readonly topicPattern?: string;
}

/** `/source/flags` as written in the output, back to a RegExp; `undefined` when it is not one. */
export function patternRegExp(pattern: string): RegExp | undefined {
  const match = /^\/(.*)\/([a-z]*)$/s.exec(pattern);
  if (!match) return undefined;
  try {
    return new RegExp(match[1]!, match[2]!.replace(/[gy]/g, ''));
  } catch {
    return undefined;
  }
}

/** Whether a subscription receives messages sent to `topic`. */
export function subscribes(subscription: Subscription, topic: string): boolean {
  if (subscription.topic !== null) return subscription.topic === topic;
  if (subscription.topicPattern === undefined) return false;
  return patternRegExp(subscription.topicPattern)?.test(topic) ?? false;
}
