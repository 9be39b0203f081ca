// Serves a built panel (dist/renderer) on 127.0.0.1 the way the dev host and Electron's app://
// handler do: the same file resolution and the same headers (CSP included). For browser tests and
// the panel benchmark.
import fs from 'node:fs';
import http from 'node:http';
import path from 'node:path';
import { panelHeaders } from '../../electron/core/bridge/csp.ts';
import { loadStaticFile, panelCspFor } from '../../electron/core/bridge/staticFiles.ts';
import { errorMessage } from '../../electron/core/contract/errors.ts';

export async function servePanel(root: string): Promise<http.Server> {
  const server = http.createServer((req, res) => {
    const pathname = new URL(req.url ?? '/', 'http://127.0.0.1').pathname;
    void Promise.all([loadStaticFile(root, pathname), panelCspFor(root)]).then(
      ([file, csp]) => {
        if (file.status === 200) res.writeHead(200, panelHeaders(file.contentType, csp)).end(file.body);
        else res.writeHead(file.status).end(file.message);
      },
      (err: unknown) => res.writeHead(500).end(errorMessage(err)),
    );
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return server;
}

/** The JavaScript a built panel runs: the script inlined in index.html and any files under assets/. */
export function builtPanelScripts(root: string): { name: string; code: string }[] {
  const html = fs.readFileSync(path.join(root, 'index.html'), 'utf8');
  const inline = [...html.matchAll(/<script type="module">([\s\S]*?)<\/script>/g)].map((m, i) => ({
    name: `index.html inline script ${i + 1}`,
    code: m[1]!,
  }));
  const assets = path.join(root, 'assets');
  const files = fs.existsSync(assets)
    ? fs
        .readdirSync(assets)
        .filter((f) => f.endsWith('.js'))
        .map((f) => ({ name: `assets/${f}`, code: fs.readFileSync(path.join(assets, f), 'utf8') }))
    : [];
  return [...inline, ...files];
}
