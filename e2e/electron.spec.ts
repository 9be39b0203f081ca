// The same journey as journey.spec.ts, driving the packaged app's main process with Playwright's
// `_electron`: the panel window, the real preload and IPC bridge, the real core. It runs wherever the
// Electron binary exists (node_modules/electron/path.txt) and the app is built (dist/main.cjs).
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { _electron as electron, test, type ElectronApplication } from '@playwright/test';
import { startGateway, stopOwnedGateways, type TestGateway } from '../test/support/gateway.ts';
import { startKeyring, type KeyringFixture } from '../test/support/keyring.ts';
import { GATEWAY_VERSIONS } from '../test/support/toolchain.ts';
import { repoRoot } from './support/globalSetup.ts';
import { CORE_ENTRY } from './support/browserHost.ts';
import { runJourney } from './support/journey.ts';

const electronDir = path.join(repoRoot, 'node_modules', 'electron');
const mainBundle = path.join(repoRoot, 'dist', 'main.cjs');

function electronBinary(): string | null {
  const pathTxt = path.join(electronDir, 'path.txt');
  if (!fs.existsSync(pathTxt)) return null;
  const bin = path.join(electronDir, 'dist', fs.readFileSync(pathTxt, 'utf8').trim());
  return fs.existsSync(bin) ? bin : null;
}

function whyNot(): string | null {
  if (!electronBinary())
    return 'no Electron binary on this machine (node_modules/electron/path.txt is missing; it cannot be downloaded here)';
  if (!fs.existsSync(CORE_ENTRY)) return 'the real core (electron/core/app/createCore.ts) has not landed yet';
  if (!fs.existsSync(mainBundle)) return 'the app is not built (dist/main.cjs missing): run `npm run build`';
  return null;
}

const reason = whyNot();
if (reason) console.log(`[electron] skipped: ${reason}`);

test.describe.configure({ mode: 'serial' });

for (const version of GATEWAY_VERSIONS) {
  test.describe(`Electron app against gateway ${version}`, () => {
    test.skip(reason !== null, reason ?? '');

    let gw: TestGateway;
    let keyring: KeyringFixture;
    let app: ElectronApplication;
    let dataDir: string;
    const output: string[] = [];

    test.beforeAll(async () => {
      keyring = await startKeyring();
      gw = await startGateway({ version });
      dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'clawbar-electron-'));
      app = await electron.launch({
        executablePath: electronBinary()!,
        // A fresh userData dir per run (Electron honours Chromium's --user-data-dir).
        args: [mainBundle, `--user-data-dir=${dataDir}`, '--no-sandbox', '--disable-gpu'],
        cwd: repoRoot,
        env: { ...process.env, ...gw.env(), DBUS_SESSION_BUS_ADDRESS: keyring.busAddress },
      });
      app.process().stdout?.on('data', (d: Buffer) => output.push(d.toString()));
      app.process().stderr?.on('data', (d: Buffer) => output.push(d.toString()));
    });

    test.afterAll(async () => {
      await app?.close();
      await stopOwnedGateways();
      await keyring?.stop();
    });

    test('first run, approve a scope upgrade, manage the device', async () => {
      // Clawbar loads its panel hidden at launch; it normally opens from the tray icon: show it directly.
      const page = await app.firstWindow();
      await app.evaluate(({ BrowserWindow }) => {
        for (const w of BrowserWindow.getAllWindows()) w.show();
      });
      await runJourney(page, { gw, version, dataDir, output: () => output.join('') });
    });
  });
}
