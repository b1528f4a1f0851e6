import { describe, expect, it } from 'vitest';
import { analyzeProject } from '../../src/analyzer/analyze.js';
import { tempRepo } from '../helpers/temp-repo.js';

/** The request hook of many Next.js front-ends: the method is chosen by a computed member, `axios[method]`. */
const useRequest = `import axios from 'axios';
import { useState } from 'react';

export default ({ url, method, body, onSuccess }) => {
  const [errors, setErrors] = useState(null);

  const doRequest = async (props = {}) => {
    try {
      setErrors(null);
      const response = await axios[method](url, { ...body, ...props });
      if (onSuccess) onSuccess(response.data);
      return response.data;
    } catch (err) {
      setErrors(err.response.data.errors);
    }
  };

  return { doRequest, errors };
};
`;

const ingress = `apiVersion: networking.k8s.io/v1
kind: Ingress
metadata:
  name: ingress-service
  annotations:
    nginx.ingress.kubernetes.io/use-regex: 'true'
spec:
  ingressClassName: nginx
  rules:
    - host: ticketing.dev
      http:
        paths:
          - path: /api/users/?(.*)
            pathType: Prefix
            backend: { service: { name: auth-srv, port: { number: 3000 } } }
          - path: /?(.*)
            pathType: Prefix
            backend: { service: { name: client-srv, port: { number: 3000 } } }
`;

describe('a default-exported request hook', () => {
  it('is bound at each call, whatever name the caller imports it by; axios[method] takes the caller’s method', async () => {
    const root = tempRepo({
      'client/package.json': '{ "name": "client" }',
      'client/hooks/use-request.js': useRequest,
      'client/pages/auth/signin.js': `import Router from 'next/router';
import useRequest from '../../hooks/use-request';

export default function SignIn({ email, password }) {
  const { doRequest } = useRequest({ url: '/api/users/signin', method: 'post', body: { email, password }, onSuccess: () => Router.push('/') });
  return doRequest;
}
`,
      'client/pages/auth/signout.js': `import request from '../../hooks/use-request';

export default function SignOut() {
  return request({ url: '/api/users/signout', method: 'post', body: {} });
}
`,
      'auth/package.json': '{ "name": "auth" }',
      'auth/src/app.ts': `import express from 'express';

const app = express();
app.post('/api/users/signin', (req, res) => res.send({}));
app.post('/api/users/signout', (req, res) => res.send({}));
export { app };
`,
      'infra/k8s/client-depl.yaml': 'apiVersion: v1\nkind: Service\nmetadata:\n  name: client-srv\nspec:\n  selector: { app: client }\n',
      'infra/k8s/auth-depl.yaml': 'apiVersion: v1\nkind: Service\nmetadata:\n  name: auth-srv\nspec:\n  selector: { app: auth }\n',
      'infra/k8s/ingress-srv.yaml': ingress,
    });
    const http = (await analyzeProject({ root })).interactions.filter((i) => i.kind === 'http');
    // The hook's parameters configure the request it returns: it is made where axios is called.
    expect(http.map((i) => `${i.location.file}:${i.location.line} ${i.method} ${i.path} ${i.target} ${i.route?.path}`)).toEqual([
      'client/hooks/use-request.js:10 POST /api/users/signin auth /api/users/signin',
      'client/hooks/use-request.js:10 POST /api/users/signout auth /api/users/signout',
    ]);
  });
});
