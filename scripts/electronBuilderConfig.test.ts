// build/electron-builder.config.cjs, loaded as electron-builder loads it, checked field by field.
import assert from 'node:assert/strict';
import fs from 'node:fs';
import { createRequire } from 'node:module';
import { describe, test } from 'node:test';

const require = createRequire(import.meta.url);
const configPath = require.resolve('../build/electron-builder.config.cjs');

interface MacConfig {
  target: Array<{ target: string; arch: string[] }>;
  identity?: string | null;
  hardenedRuntime: boolean;
  entitlements: string;
  entitlementsInherit: string;
  notarize: boolean;
  icon: string;
  extendInfo: Record<string, unknown>;
}
interface BuilderConfig {
  appId: string;
  asar: boolean;
  asarUnpack: string[];
  files: string[];
  electronFuses: Record<string, boolean>;
  mac: MacConfig;
}
const mod = require(configPath) as BuilderConfig & { config(env: NodeJS.ProcessEnv): BuilderConfig };

describe('electron-builder config (macOS)', () => {
  test('app id, menu-bar app (LSUIElement), dmg and zip for arm64 and x64', () => {
    const c = mod.config({});
    assert.equal(c.appId, 'ai.openclaw.clawbar');
    assert.equal(c.mac.extendInfo.LSUIElement, true);
    assert.deepEqual(c.mac.target, [
      { target: 'dmg', arch: ['arm64', 'x64'] },
      { target: 'zip', arch: ['arm64', 'x64'] },
    ]);
    assert.equal(c.mac.icon, 'dist/icons/app.png');
  });

  test('fuses: RunAsNode, NODE_OPTIONS, --inspect and file:// privileges off; cookie encryption and asar integrity on', () => {
    assert.deepEqual(mod.config({}).electronFuses, {
      runAsNode: false,
      enableCookieEncryption: true,
      enableNodeOptionsEnvironmentVariable: false,
      enableNodeCliInspectArguments: false,
      enableEmbeddedAsarIntegrityValidation: true,
      onlyLoadAppFromAsar: true,
      grantFileProtocolExtraPrivileges: false,
    });
  });

  test('asar with the native keyring unpacked; only the bundles are shipped', () => {
    const c = mod.config({});
    assert.equal(c.asar, true);
    assert.ok(c.asarUnpack.some((p) => p.includes('@napi-rs/keyring')));
    assert.ok(c.files.includes('dist/**/*'));
    assert.ok(c.files.includes('!dist/browserHost.mjs'), 'the dev host is not shipped');
  });

  test('local builds: ad-hoc signature, hardened runtime, no notarization', () => {
    const mac = mod.config({}).mac;
    assert.equal(mac.identity, '-');
    assert.equal(mac.hardenedRuntime, true);
    assert.equal(mac.notarize, false);
    assert.equal(mac.entitlements, 'build/entitlements.mac.adhoc.plist');
  });

  test('release builds: identity and notarization from the environment', () => {
    const signedOnly = mod.config({ CSC_NAME: 'Developer ID Application: OpenClaw (TEAM123456)' }).mac;
    assert.equal(signedOnly.identity, 'Developer ID Application: OpenClaw (TEAM123456)');
    assert.equal(signedOnly.notarize, false, 'no notarization without credentials');
    assert.equal(signedOnly.entitlements, 'build/entitlements.mac.plist');
    const release = mod.config({
      CSC_NAME: 'Developer ID Application: OpenClaw (TEAM123456)',
      APPLE_API_KEY: '/keys/AuthKey.p8',
      APPLE_API_KEY_ID: 'KEYID',
      APPLE_API_ISSUER: 'issuer',
    }).mac;
    assert.equal(release.notarize, true);
    assert.equal(release.hardenedRuntime, true);
    const notSigned = mod.config({
      APPLE_ID: 'a@b.c',
      APPLE_APP_SPECIFIC_PASSWORD: 'x',
      APPLE_TEAM_ID: 'T',
    }).mac;
    assert.equal(notSigned.notarize, false, 'an ad-hoc build cannot be notarized');
  });

  test('entitlements: release asks only for allow-jit; the ad-hoc variant adds library validation off', () => {
    const keys = (file: string) =>
      [
        ...fs.readFileSync(new URL(`../${file}`, import.meta.url), 'utf8').matchAll(/<key>([^<]+)<\/key>/g),
      ].map((m) => m[1]);
    assert.deepEqual(keys('build/entitlements.mac.plist'), ['com.apple.security.cs.allow-jit']);
    assert.deepEqual(keys('build/entitlements.mac.adhoc.plist'), [
      'com.apple.security.cs.allow-jit',
      'com.apple.security.cs.disable-library-validation',
    ]);
  });

  test('npm run dist:mac builds first, then packages with this config', () => {
    const pkg = JSON.parse(fs.readFileSync(new URL('../package.json', import.meta.url), 'utf8')) as {
      scripts: Record<string, string>;
    };
    assert.match(
      pkg.scripts['dist:mac'] ?? '',
      /build\.mjs.*electron-builder --mac --config build\/electron-builder\.config\.cjs/,
    );
  });
});
