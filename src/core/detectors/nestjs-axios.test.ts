import { describe, expect, it } from 'vitest';
import { scanUntyped, summarize, typedScanner } from '../../../test/helpers/scan.js';

const FILES: Record<string, string> = {
  'shipping/shipping.client.ts': `import { Injectable } from '@nestjs/common';
import { HttpService } from '@nestjs/axios';
import { firstValueFrom } from 'rxjs';

@Injectable()
export class ShippingClient {
  private readonly baseUrl = process.env.SHIPPING_URL ?? 'http://shipping:4000';

  constructor(private readonly http: HttpService) {}

  async quote(orderId: string) {
    const { data } = await firstValueFrom(this.http.post(\`\${this.baseUrl}/quotes\`, { orderId }));
    return data;
  }

  async track(id: string) {
    return this.http.axiosRef.get(\`\${this.baseUrl}/tracking/\${id}\`);
  }

  status() {
    return this.http.get(this.baseUrl + '/status').subscribe((response) => response.data);
  }

  cancel(id: string) {
    return this.http.request({ method: 'DELETE', url: \`\${this.baseUrl}/shipments/\${id}\` });
  }
}
`,
  'config/pricing.client.ts': `import { Injectable } from '@nestjs/common';
import { ConfigService } from '@nestjs/config';
import { HttpService } from '@nestjs/axios';
import { lastValueFrom } from 'rxjs';

@Injectable()
export class PricingClient {
  constructor(
    private readonly httpService: HttpService,
    private readonly config: ConfigService,
  ) {}

  async price(sku: string) {
    const url = this.config.get<string>('PRICING_URL');
    return lastValueFrom(this.httpService.get(\`\${url}/prices/\${sku}\`));
  }
}
`,
  'injected/base.client.ts': `import { HttpService } from '@nestjs/axios';

export abstract class BaseClient {
  constructor(protected readonly http: HttpService) {}
}
`,
  'injected/invoice.client.ts': `import { Injectable } from '@nestjs/common';
import { BaseClient } from './base.client';

@Injectable()
export class InvoiceClient extends BaseClient {
  issue(orderId: string) {
    return this.http.post('http://invoices:7000/invoices', { orderId });
  }
}
`,
  'negative/angular-like.ts': `import { Injectable } from '@nestjs/common';

class HttpClient {
  get(url: string) {
    return url;
  }
}

@Injectable()
export class Local {
  constructor(private readonly http: HttpClient) {}
  load() {
    return this.http.get('http://not-axios/x');
  }
}
`,
};

let shared: ReturnType<typeof typedScanner> | undefined;
const program = () => (shared ??= typedScanner(FILES));
const untyped = (entry: string) => summarize(scanUntyped(FILES[entry]!, entry));
const typed = (entry: string) => summarize(program().scan(entry));

describe('@nestjs/axios', () => {
  it('fixtures are code that compiles', () => {
    // `@nestjs/config` is not installed here; the client is typed from @nestjs/axios all the same.
    for (const entry of Object.keys(FILES).filter((name) => !name.startsWith('config/'))) expect(program().errors(entry), entry).toEqual([]);
  });

  it('an injected HttpService: Observable methods, request(config) and axiosRef', () => {
    const expected = [
      'http @nestjs/axios L12 "POST" env(SHIPPING_URL??"http://shipping:4000")+"/quotes"',
      'http axios L17 "GET" env(SHIPPING_URL??"http://shipping:4000")+"/tracking/"+param(0)',
      'http @nestjs/axios L21 "GET" env(SHIPPING_URL??"http://shipping:4000")+"/status"',
      'http @nestjs/axios L25 "DELETE" env(SHIPPING_URL??"http://shipping:4000")+"/shipments/"+param(0)',
    ];
    expect(untyped('shipping/shipping.client.ts')).toEqual(expected);
    expect(typed('shipping/shipping.client.ts')).toEqual(expected);
  });

  it("a URL from ConfigService.get('PRICING_URL') reads the environment variable (ConfigService.get's first source)", () => {
    const expected = ['http @nestjs/axios L15 "GET" env(PRICING_URL)+"/prices/"+param(0)'];
    expect(untyped('config/pricing.client.ts')).toEqual(expected);
    expect(typed('config/pricing.client.ts')).toEqual(expected);
  });

  it('HttpService held by a base class in another file is only known with types', () => {
    expect(untyped('injected/invoice.client.ts')).toEqual([]);
    expect(typed('injected/invoice.client.ts')).toEqual(['http @nestjs/axios L7 "POST" "http://invoices:7000/invoices"']);
  });

  it('an own class called HttpClient is not HttpService', () => {
    expect(untyped('negative/angular-like.ts')).toEqual([]);
    expect(typed('negative/angular-like.ts')).toEqual([]);
  });
});
