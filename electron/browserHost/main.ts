// `npm run preview`: the real core behind the dev host, for the panel in a browser.
// Usage: devhost [--port N] [--data-dir DIR] [--root dist/renderer] [--json]
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { createCore } from '../core/app/createCore.ts';
import { createMemoryLoginItems } from './loginItems.ts';
import { DEVHOST_API, startDevHost } from './server.ts';
import { errorMessage } from '../core/contract/errors.ts';

const { values } = parseArgs({
  options: {
    port: { type: 'string' },
    'data-dir': { type: 'string' },
    root: { type: 'string', default: path.resolve('dist/renderer') },
    json: { type: 'boolean', default: false },
  },
});

const port = values.port === undefined ? 0 : Number(values.port);
if (!Number.isInteger(port) || port < 0 || port > 65535) {
  console.error(`--port must be a port number, got ${values.port}`);
  process.exit(2);
}
const dataDir = values['data-dir']
  ? path.resolve(values['data-dir'])
  : fs.mkdtempSync(path.join(os.tmpdir(), 'clawbar-devhost-'));
const logDir = path.join(dataDir, 'logs');
fs.mkdirSync(logDir, { recursive: true });
if (!fs.existsSync(path.join(values.root, 'index.html'))) {
  console.error(`No built panel at ${values.root}: run \`npm run build\` first.`);
  process.exit(1);
}

const loginItems = createMemoryLoginItems();
const core = createCore({
  dataDir,
  logDir,
  platform: { platform: process.platform, loginItems },
  env: process.env,
  appVersion: process.env.npm_package_version ?? '0.0.0-dev',
});
const host = await startDevHost({ core, rootDir: values.root, port, loginItems });

if (values.json) {
  console.log(
    JSON.stringify({ url: host.url, origin: host.origin, port: host.port, key: host.key, dataDir }),
  );
} else {
  console.log(`Clawbar panel (dev host, real core): ${host.url}`);
  console.log(`  data dir:      ${dataDir}`);
  console.log(
    `  notifications: ${host.origin}${DEVHOST_API.notifications} (Authorization: Bearer <key from the URL>)`,
  );
  console.log('  Ctrl+C stops it.');
}

let stopping = false;
async function stop(): Promise<void> {
  if (stopping) return;
  stopping = true;
  await host.close();
  await core.dispose();
  process.exit(0);
}
process.on('SIGINT', () => void stop());
process.on('SIGTERM', () => void stop());

core.start().catch((err: unknown) => {
  console.error('[devhost] core failed to start:', errorMessage(err));
});
