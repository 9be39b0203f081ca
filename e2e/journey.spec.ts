// The end-to-end journey through the dev host (real core, real panel in Chromium) against both real
// gateways: first run → token import with consent → Clawbar pairs → a device's scope upgrade shows as one
// card and one notification however fast it retries → Approve → the device connects → Devices, History
// → Remove. No stand-ins: the real gateway, the real Secret Service, the real core.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { test } from '@playwright/test';
import { sharedGateway, stopOwnedGateways, type TestGateway } from '../test/support/gateway.ts';
import { startKeyring, type KeyringFixture } from '../test/support/keyring.ts';
import { GATEWAY_VERSIONS } from '../test/support/toolchain.ts';
import { devHostMissing, startDevHost, type RunningDevHost } from './support/browserHost.ts';
import { runJourney } from './support/journey.ts';

const missing = devHostMissing();
if (missing) console.log(`[journey] skipped: ${missing}`);

test.describe.configure({ mode: 'serial' });

// One Secret Service for the file: Chromium joins the session bus the fixture announces, and stopping
// that bus between two journeys would take the browser down with it.
let keyring: KeyringFixture | undefined;
test.beforeAll(async () => {
  if (!missing) keyring = await startKeyring();
});
test.afterAll(async () => {
  await keyring?.stop();
});

for (const version of GATEWAY_VERSIONS) {
  test.describe(`journey against gateway ${version}`, () => {
    test.skip(missing !== null, missing ?? '');

    let gw: TestGateway;
    let host: RunningDevHost;
    let dataDir: string;

    test.beforeAll(async () => {
      gw = await sharedGateway(version);
      dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'clawbar-journey-'));
      host = await startDevHost({
        dataDir,
        env: { ...gw.env(), DBUS_SESSION_BUS_ADDRESS: keyring!.busAddress },
      });
    });

    test.afterAll(async () => {
      await host?.stop();
      await stopOwnedGateways();
    });

    test('first run, approve a scope upgrade, manage the device', async ({ page }) => {
      await page.goto(host.url);
      await runJourney(page, {
        gw,
        version,
        dataDir,
        output: () => host.output.join(''),
        notifications: () => host.notifications(),
      });
    });
  });
}
