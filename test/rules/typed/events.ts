// Imported by the typed rule tests: topic names, payloads and DTOs declared away from the send.
export const Topics = {
  OrderConfirmed: 'order.confirmed',
  UserRegistered: 'user-registered',
  SendWelcomeEmail: 'SendWelcomeEmail',
  CpuMetrics: 'metrics.cpu',
} as const;

/** A command dressed as an event: the shape the article's "Bad" example has. */
export const welcomeEmail = {
  type: 'UserRegistered',
  action: 'SEND_EMAIL',
  template: 'welcome',
  recipient: 'user@example.com',
};

/** A pure event. */
export const userRegistered = { type: 'UserRegistered', userId: 'u-1', registeredAt: '2026-04-11T14:30:00Z' };

export class OrderConfirmedEvent {
  constructor(
    readonly orderId: string,
    readonly totalAmount: number,
  ) {}
}

/** A Kafka message object as NestJS takes it: `key` partitions, `value` is the payload. */
export interface KeyedMessage<T> {
  key: string;
  value: T;
}
