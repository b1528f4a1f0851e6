import { describe, expect, it } from 'vitest';
import { scanUntyped, summarize } from '../../../test/helpers/scan.js';

const ACCOUNTS_SERVICE = `import { Injectable, inject } from '@angular/core';
import { HttpClient, HttpHeaders } from '@angular/common/http';
import { Observable } from 'rxjs';
import { environment } from '../environments/environment';

const API = 'https://api.bank.example.com';
const httpOptions = { headers: new HttpHeaders({ 'Content-Type': 'application/json' }) };

@Injectable({ providedIn: 'root' })
export class AccountsService {
  constructor(private http: HttpClient) {}

  getAccount(accountId: string): Observable<unknown> {
    return this.http.get(\`\${API}/accounts/\${accountId}\`, httpOptions);
  }

  deposit(accountId: string, amount: number): Observable<unknown> {
    return this.http.post(API + '/deposits', { accountId, amount }, httpOptions);
  }

  close(accountId: string) {
    return this.http.request('delete', \`\${API}/accounts/\${accountId}\`);
  }
}

@Injectable({ providedIn: 'root' })
export class ProfileService {
  private readonly http = inject(HttpClient);

  me() {
    return this.http.get<{ name: string }>(\`\${API}/me\`);
  }
}
`;

describe('@angular/common/http', () => {
  it('reads HttpClient calls, injected by constructor or with inject()', () => {
    expect(summarize(scanUntyped(ACCOUNTS_SERVICE, 'app/accounts.service.ts'))).toEqual([
      'http @angular/common/http L14 "GET" "https://api.bank.example.com/accounts/"+param(0)',
      'http @angular/common/http L18 "POST" "https://api.bank.example.com/deposits"',
      'http @angular/common/http L22 "DELETE" "https://api.bank.example.com/accounts/"+param(0)',
      'http @angular/common/http L31 "GET" "https://api.bank.example.com/me"',
    ]);
  });

  it('leaves alone a get on anything that is not an HttpClient', () => {
    const code = `import { Injectable, inject } from '@angular/core';
import { Router } from '@angular/router';
@Injectable()
export class Nav {
  private readonly router = inject(Router);
  private readonly cache = new Map<string, string>();
  go(id: string) { this.cache.get(id); return this.router.navigate(['/accounts', id]); }
}
`;
    expect(summarize(scanUntyped(code, 'app/nav.ts'))).toEqual([]);
  });
});
