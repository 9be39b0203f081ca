// Serves a built panel (dist/renderer) on 127.0.0.1 the way the dev host and Electron's app://
// handler do: the same file resolution and the same headers (CSP included). For browser tests and
// the panel benchmark.
import http from 'node:http';
import { panelHeaders } from '../../electron/core/bridge/csp.ts';
import { loadStaticFile } from '../../electron/core/bridge/staticFiles.ts';

export async function servePanel(root: string): Promise<http.Server> {
  const server = http.createServer((req, res) => {
    const pathname = new URL(req.url ?? '/', 'http://127.0.0.1').pathname;
    void loadStaticFile(root, pathname).then((file) => {
      if (file.status === 200) res.writeHead(200, panelHeaders(file.contentType)).end(file.body);
      else res.writeHead(file.status).end(file.message);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return server;
}
