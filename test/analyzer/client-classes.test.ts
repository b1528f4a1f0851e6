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
      'auth/package.json': '{ "name": "auth" }',
      'order/package.json': '{ "name": "order" }',
    });
    const http = (await analyzeProject({ root })).interactions.filter((i) => i.kind === 'http');
    expect(http.map((i) => `${i.location.file}:${i.location.line} ${i.url} ${i.target}`)).toEqual([
      'gateway/src/services/api/auth.service.ts:7 http://auth:4002/api/v1/auth/{id} auth',
      'gateway/src/services/api/order.service.ts:7 http://order:4006/api/v1/order/{id} order',
    ]);
  });
});
