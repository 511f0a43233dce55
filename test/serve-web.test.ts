// The demo's static server: module scripts and wasm need their exact MIME types in a browser, and a
// server on a developer's machine must not hand out files outside the package (or its .git).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { serveStatic, type StaticServer } from '../scripts/serve-web.js';

describe.skipIf(process.env.TYPED_CSV_EXPECT_BUILD !== 'release')('scripts/serve-web.ts', () => {
  let server: StaticServer;
  beforeAll(async () => {
    server = await serveStatic({ port: 0 });
  });
  afterAll(async () => {
    await server.close();
  });
  const get = (path: string, method = 'GET') => fetch(server.url + path, { method, redirect: 'manual' });

  it('listens on loopback, on the port it was given (0: any free one)', () => {
    expect(server.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    expect(server.port).toBeGreaterThan(0);
  });

  it('serves with the MIME types browsers require', async () => {
    const types: [string, string][] = [
      ['/web/index.html', 'text/html; charset=utf-8'],
      ['/web/demo.js', 'text/javascript; charset=utf-8'],
      ['/web/demo.css', 'text/css; charset=utf-8'],
      ['/docs/demo.png', 'image/png'],
      ['/package.json', 'application/json; charset=utf-8'],
    ];
    for (const [path, type] of types) {
      const res = await get(path);
      expect(res.status, path).toBe(200);
      expect(res.headers.get('content-type'), path).toBe(type);
      await res.arrayBuffer();
    }
  });

  it('serves wasm as application/wasm when the build has it', async () => {
    const res = await get('/build/core.wasm');
    // npm test builds it first; only a developer running this file alone may lack it, never CI.
    if (res.status === 404 && !process.env.CI) return;
    expect(res.headers.get('content-type')).toBe('application/wasm');
    const bytes = new Uint8Array(await res.arrayBuffer());
    expect([...bytes.subarray(0, 4)]).toEqual([0, 0x61, 0x73, 0x6d]);
  });

  it('sends / to the demo, a directory to its index, HEAD without a body', async () => {
    expect((await get('/')).headers.get('location')).toBe('/web/');
    expect((await get('/web')).headers.get('location')).toBe('/web/');
    expect((await get('/web/')).status).toBe(200);
    const head = await get('/web/index.html', 'HEAD');
    expect(head.status).toBe(200);
    expect(Number(head.headers.get('content-length'))).toBeGreaterThan(100);
    expect((await head.arrayBuffer()).byteLength).toBe(0);
  });

  it('refuses paths outside the package, dot-files and other methods', async () => {
    for (const path of ['/..%2f..%2fetc%2fpasswd', '/web/..%2f..%2f..%2fetc%2fpasswd', '/.git/config', '/%2egit/HEAD']) {
      expect((await get(path)).status, path).toBe(403);
    }
    expect((await get('/nope.txt')).status).toBe(404);
    expect((await get('/web/index.html', 'POST')).status).toBe(405);
  });
});
