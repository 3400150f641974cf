import { describe, expect, it } from 'vitest';
import { api } from './helpers/api';
import { customerToken } from './helpers/tokens';

// Every script and stylesheet /docs loads is either same-origin or pinned to one
// version and carries an integrity hash the browser checks before running it.
const tagsOf = (html: string, tag: 'script' | 'link') => html.match(new RegExp(`<${tag}\\b[^>]*>`, 'g')) ?? [];
const attribute = (element: string, name: string) => element.match(new RegExp(`\\b${name}="([^"]*)"`))?.[1];
const isSameOrigin = (url: string) => url.startsWith('/') && !url.startsWith('//');

describe('GET /docs', () => {
  it('loads only same-origin assets or version-pinned ones with Subresource Integrity', async () => {
    const res = await api('/docs');
    expect(res.status).toBe(200);
    const html = String(res.body);
    const external = [
      ...tagsOf(html, 'script').filter((element) => attribute(element, 'src') !== undefined),
      ...tagsOf(html, 'link').filter((element) => attribute(element, 'rel') === 'stylesheet'),
    ];
    expect(external.length).toBeGreaterThan(0);
    for (const element of external) {
      const url = attribute(element, 'src') ?? attribute(element, 'href') ?? '';
      if (isSameOrigin(url)) continue;
      expect(url, element).toMatch(/@\d+\.\d+\.\d+\//);
      expect(attribute(element, 'integrity'), element).toMatch(/^sha(256|384|512)-[A-Za-z0-9+/]+=*$/);
      expect(attribute(element, 'crossorigin'), element).toBe('anonymous');
    }
    expect(html).toContain('/openapi.json');
  });

  it('is public: the same page with no token or any token, and a problem+json 404 to other methods', async () => {
    const anonymous = await api('/docs');
    const withToken = await api('/docs', { token: await customerToken() });
    expect({ status: withToken.status, body: withToken.body }).toEqual({ status: 200, body: anonymous.body });
    for (const method of ['POST', 'PUT', 'DELETE']) {
      const res = await api('/docs', { method, body: {} });
      expect({ status: res.status, code: res.body.code }, method).toEqual({ status: 404, code: 'not_found' });
      expect(res.headers.get('content-type'), method).toContain('application/problem+json');
    }
  });
});
