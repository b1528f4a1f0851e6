import { describe, expect, it } from 'vitest';
import { analyzeProject } from '../../src/analyzer/analyze.js';
import { tempRepo } from '../helpers/temp-repo.js';

/** A gateway's own client class, constructed once per downstream service with its base URL. */
const axiosService = `import axios, { type AxiosInstance } from 'axios';

export class AxiosService {
  public axios: AxiosInstance;

  constructor(baseUrl: string, serviceName: string) {
    this.axios = this.axiosCreateInstance(baseUrl, serviceName);
  }

  public axiosCreateInstance(baseUrl: string, serviceName?: string): AxiosInstance {
    return axios.create({ baseURL: baseUrl, timeout: 5000, headers: { gatewayToken: serviceName ?? '' } });
  }
}
`;

const downstream = (name: string, port: number, call: string) => `import { AxiosService } from '../axios';

const axiosService = new AxiosService(\`\${process.env.${name.toUpperCase()}_BASE_URL ?? 'http://${name}:${port}'}/api/v1/${name}\`, '${name}');
export const axios${name[0]!.toUpperCase()}${name.slice(1)}Instance = axiosService.axios;

export async function ${call}(id: string) {
  return axios${name[0]!.toUpperCase()}${name.slice(1)}Instance.get(\`/\${id}\`);
}
`;

describe('clients made by a class the code constructs', () => {
  it('each instance keeps the base URL of its own construction, also when a method creates the client', async () => {
    const root = tempRepo({
      'gateway/package.json': '{ "name": "gateway" }',
      'gateway/src/services/axios.ts': axiosService,
      'gateway/src/services/api/auth.service.ts': downstream('auth', 4002, 'getUser'),
      'gateway/src/services/api/order.service.ts': downstream('order', 4006, 'getOrder'),
      // The instance kept in a field of a service class, and handed out through a module-level \`let\`.
      'gateway/src/services/api/review.service.ts': `import { AxiosService } from '../axios';

export let axiosReviewInstance: AxiosService['axios'];

class ReviewService {
  axiosService: AxiosService;

  constructor() {
    this.axiosService = new AxiosService('http://review:4007/api/v1/review', 'review');
    axiosReviewInstance = this.axiosService.axios;
  }

  getReview(id: string) {
    return axiosReviewInstance.get(\`/\${id}\`);
  }
}

export const reviewService = new ReviewService();
`,
      'auth/package.json': '{ "name": "auth" }',
      'order/package.json': '{ "name": "order" }',
      'review/package.json': '{ "name": "review" }',
    });
    const http = (await analyzeProject({ root })).interactions.filter((i) => i.kind === 'http');
    expect(http.map((i) => `${i.location.file}:${i.location.line} ${i.url} ${i.target}`)).toEqual([
      'gateway/src/services/api/auth.service.ts:7 http://auth:4002/api/v1/auth/{id} auth',
      'gateway/src/services/api/order.service.ts:7 http://order:4006/api/v1/order/{id} order',
      'gateway/src/services/api/review.service.ts:14 http://review:4007/api/v1/review/{id} review',
    ]);
  });

  it('reads the base URL from the fields of a config object the code constructs', async () => {
    const root = tempRepo({
      'gateway/package.json': '{ "name": "gateway" }',
      'gateway/src/config.ts': `class Config {
  public ORDER_BASE_URL = process.env.ORDER_BASE_URL || 'http://order:4006';
  public AUTH_BASE_URL: string | undefined;
  public REVIEW_BASE_URL: string;

  constructor(review: string) {
    this.AUTH_BASE_URL = process.env.AUTH_BASE_URL || 'http://auth:4002';
    this.REVIEW_BASE_URL = review;
  }
}

export const config: Config = new Config('http://review:4007');
`,
      'gateway/src/services/axios.ts': axiosService,
      'gateway/src/services/api/clients.ts': `import { AxiosService } from '../axios';
import { config } from '../../config';

const auth = new AxiosService(\`\${config.AUTH_BASE_URL}/api/v1/auth\`, 'auth');
const orders = new AxiosService(\`\${config.ORDER_BASE_URL}/api/v1/order\`, 'order').axios;
const reviews = new AxiosService(\`\${config.REVIEW_BASE_URL}/api/v1/review\`, 'review').axios;

export const currentUser = () => auth.axios.get('/currentuser');
export const listOrders = () => orders.get('/');
export const listReviews = () => reviews.get('/');
`,
      'gateway/.env': 'AUTH_BASE_URL=http://auth:9002\n',
      'auth/package.json': '{ "name": "auth" }',
      'order/package.json': '{ "name": "order" }',
      'review/package.json': '{ "name": "review" }',
    });
    const http = (await analyzeProject({ root })).interactions.filter((i) => i.kind === 'http');
    expect(http.map((i) => `${i.location.line} ${i.url} ${i.target}`)).toEqual([
      // The service's environment wins over the field's fallback.
      '8 http://auth:9002/api/v1/auth/currentuser auth',
      '9 http://order:4006/api/v1/order/ order',
      '10 http://review:4007/api/v1/review/ review',
    ]);
  });

  it('reads values through an injected config service of the project (getters over ConfigService)', async () => {
    const root = tempRepo({
      'gateway/package.json': '{ "name": "gateway" }',
      'gateway/.env': 'KAFKA_TOPIC=user.created\nUSERS_URL=http://users:3000\n',
      'gateway/src/config/app-config.service.ts': `import { Injectable } from '@nestjs/common';
import { ConfigService } from '@nestjs/config';

@Injectable()
export class AppConfigService {
  constructor(private readonly configService: ConfigService) {}

  get kafka() {
    return { topic: this.configService.get<string>('KAFKA_TOPIC'), brokers: ['kafka:9092'] };
  }

  get usersUrl(): string {
    return this.configService.get<string>('USERS_URL', 'http://localhost:3000');
  }
}
`,
      'gateway/src/user-events.ts': `import { Injectable } from '@nestjs/common';
import { Kafka } from 'kafkajs';
import { AppConfigService } from './config/app-config.service';

@Injectable()
export class UserEvents {
  private readonly producer = new Kafka({ brokers: ['kafka:9092'] }).producer();

  constructor(private readonly config: AppConfigService) {}

  async created(id: string) {
    await this.producer.send({ topic: this.config.kafka.topic, messages: [{ key: id, value: id }] });
    return fetch(\`\${this.config.usersUrl}/users/\${id}\`);
  }
}
`,
      'users/package.json': '{ "name": "users" }',
    });
    const result = await analyzeProject({ root });
    expect(result.interactions.map((i) => (i.kind === 'produce' ? `produce ${i.topic}` : i.kind === 'http' ? `http ${i.url} ${i.target}` : i.kind))).toEqual([
      'produce user.created',
      'http http://users:3000/users/{id} users',
    ]);
  });
});
