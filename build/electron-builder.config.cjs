// electron-builder configuration for macOS (`npm run dist:mac`). Everything secret comes from the
// environment; without a signing identity the build is signed ad hoc so it still runs locally.
//   CSC_NAME / CSC_LINK (+ CSC_KEY_PASSWORD)        Developer ID certificate (real signature)
//   APPLE_API_KEY + APPLE_API_KEY_ID + APPLE_API_ISSUER  notarization (preferred), or
//   APPLE_ID + APPLE_APP_SPECIFIC_PASSWORD + APPLE_TEAM_ID, or APPLE_KEYCHAIN + APPLE_KEYCHAIN_PROFILE
'use strict';

function macSigning(env) {
  const realIdentity = Boolean(env.CSC_NAME || env.CSC_LINK);
  const notarizeCredentials = Boolean(
    (env.APPLE_API_KEY && env.APPLE_API_KEY_ID && env.APPLE_API_ISSUER) ||
    (env.APPLE_ID && env.APPLE_APP_SPECIFIC_PASSWORD && env.APPLE_TEAM_ID) ||
    (env.APPLE_KEYCHAIN && env.APPLE_KEYCHAIN_PROFILE),
  );
  // Ad hoc: a local build that runs (and keeps its notification permission) without a certificate.
  // Its frameworks carry no Team ID, so hardened runtime's library validation must be relaxed there
  // (entitlements.mac.adhoc.plist); a real identity keeps library validation on.
  const entitlements = realIdentity ? 'build/entitlements.mac.plist' : 'build/entitlements.mac.adhoc.plist';
  return {
    identity: realIdentity ? (env.CSC_NAME ?? undefined) : '-',
    hardenedRuntime: true,
    entitlements,
    entitlementsInherit: entitlements,
    notarize: realIdentity && notarizeCredentials,
  };
}

function config(env = process.env) {
  return {
    appId: 'ai.openclaw.clawbar',
    productName: 'Clawbar',
    copyright: 'MIT licensed',
    directories: { output: 'release', buildResources: 'build' },
    // Only the bundles and the one native module are shipped; sources, tests and maps are not.
    files: ['package.json', 'dist/**/*', '!dist/**/*.map', '!dist/browserHost.mjs'],
    asar: true,
    // The keyring's native .node binary must live outside the asar to be loaded.
    asarUnpack: ['**/node_modules/@napi-rs/keyring*/**', '**/*.node'],
    electronFuses: {
      runAsNode: false,
      enableCookieEncryption: true,
      enableNodeOptionsEnvironmentVariable: false,
      enableNodeCliInspectArguments: false,
      enableEmbeddedAsarIntegrityValidation: true,
      onlyLoadAppFromAsar: true,
      grantFileProtocolExtraPrivileges: false,
    },
    mac: {
      target: [
        { target: 'dmg', arch: ['arm64', 'x64'] },
        { target: 'zip', arch: ['arm64', 'x64'] },
      ],
      category: 'public.app-category.developer-tools',
      icon: 'dist/icons/app.png',
      minimumSystemVersion: '12.0',
      extendInfo: {
        // Menu-bar app: no Dock icon, no app menu.
        LSUIElement: true,
        // Alerts stay on screen until acted on, and only alerts show the Approve button.
        NSUserNotificationAlertStyle: 'alert',
      },
      ...macSigning(env),
    },
    dmg: { sign: false },
  };
}

module.exports = config();
module.exports.config = config;
module.exports.macSigning = macSigning;
