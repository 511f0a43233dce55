// A tiny static file server for the demo page (`npm run web`) and the browser tests: serves the
// package root so /web, /dist and /build resolve exactly as they are published, with the MIME
// types browsers insist on for module scripts and wasm. Loopback only; not a production server.
//
//   npm run web                 # http://127.0.0.1:8080/web/
//   PORT=0 npm run web          # any free port
//   npm run web -- --port 3000

import { createReadStream } from 'node:fs';
import { stat } from 'node:fs/promises';
import { createServer, type Server } from 'node:http';
import { extname, join, resolve, sep } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const MIME: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.map': 'application/json; charset=utf-8',
  '.wasm': 'application/wasm',
  '.csv': 'text/csv; charset=utf-8',
  '.tsv': 'text/tab-separated-values; charset=utf-8',
  '.txt': 'text/plain; charset=utf-8',
  '.md': 'text/markdown; charset=utf-8',
  '.ts': 'text/plain; charset=utf-8',
  '.png': 'image/png',
  '.svg': 'image/svg+xml',
  '.ico': 'image/x-icon',
};

export interface StaticServer {
  /** Base address, such as http://127.0.0.1:8080 (no trailing slash). */
  url: string;
  port: number;
  server: Server;
  close(): Promise<void>;
}

export interface ServeOptions {
  /** Directory served at /. @default the package root */
  root?: string;
  /** 0 picks a free port. @default 8080 */
  port?: number;
  /** @default 127.0.0.1 */
  host?: string;
}

const packageRoot = fileURLToPath(new URL('..', import.meta.url));

/** Starts the server; resolves once it listens. */
export async function serveStatic(options: ServeOptions = {}): Promise<StaticServer> {
  const root = resolve(options.root ?? packageRoot);
  const host = options.host ?? '127.0.0.1';
  const server = createServer((req, res) => {
    void (async () => {
      if (req.method !== 'GET' && req.method !== 'HEAD') {
        res.writeHead(405, { allow: 'GET, HEAD' }).end();
        return;
      }
      let pathname: string;
      try {
        pathname = decodeURIComponent(new URL(req.url ?? '/', 'http://x').pathname);
      } catch {
        res.writeHead(400).end('bad path');
        return;
      }
      if (pathname === '/') {
        res.writeHead(302, { location: '/web/' }).end();
        return;
      }
      // Refuse anything that resolves outside the root (../, encoded or not) and dot-files (.git).
      const file = resolve(join(root, pathname));
      if ((file !== root && !file.startsWith(root + sep)) || pathname.split('/').some((part) => part.startsWith('.'))) {
        res.writeHead(403).end('forbidden');
        return;
      }
      let target = file;
      let info = await stat(target).catch(() => undefined);
      if (info?.isDirectory()) {
        if (!pathname.endsWith('/')) {
          res.writeHead(301, { location: pathname + '/' }).end();
          return;
        }
        target = join(file, 'index.html');
        info = await stat(target).catch(() => undefined);
      }
      if (!info?.isFile()) {
        res.writeHead(404, { 'content-type': 'text/plain; charset=utf-8' }).end(`not found: ${pathname}`);
        return;
      }
      res.writeHead(200, {
        'content-type': MIME[extname(target).toLowerCase()] ?? 'application/octet-stream',
        'content-length': String(info.size),
        // Always the file as it is now: the demo is used while rebuilding.
        'cache-control': 'no-store',
        'x-content-type-options': 'nosniff',
      });
      if (req.method === 'HEAD') {
        res.end();
        return;
      }
      const stream = createReadStream(target);
      stream.on('error', () => res.destroy());
      stream.pipe(res);
    })().catch(() => {
      if (!res.headersSent) res.writeHead(500);
      res.end();
    });
  });
  await new Promise<void>((ok, fail) => {
    server.once('error', fail);
    server.listen(options.port ?? 8080, host, () => {
      server.off('error', fail);
      ok();
    });
  });
  const address = server.address();
  if (address === null || typeof address === 'string') throw new Error('server has no TCP address');
  return {
    url: `http://${host}:${address.port}`,
    port: address.port,
    server,
    close: () =>
      new Promise<void>((ok) => {
        server.closeAllConnections();
        server.close(() => ok());
      }),
  };
}

function portFromArgs(argv: string[]): number | undefined {
  const i = argv.indexOf('--port');
  const text = i >= 0 ? argv[i + 1] : process.env.PORT;
  if (text === undefined) return undefined;
  const port = Number(text);
  if (!Number.isInteger(port) || port < 0 || port > 65535) throw new Error(`bad port ${JSON.stringify(text)}`);
  return port;
}

// Run as a script (not when imported by the tests).
if (process.argv[1] && import.meta.url === pathToFileURL(resolve(process.argv[1])).href) {
  const { url } = await serveStatic({ port: portFromArgs(process.argv.slice(2)) });
  console.log(`typed-csv demo: ${url}/web/`);
  console.log('(serving the package root; run `npm run build` first so /dist and /build exist; Ctrl+C to stop)');
}
