// Token import from real OpenClaw config files: each config form is one a real gateway started
// with (one gateway per version for this file, restarted between forms), and the imported token
// is proven by connecting to that gateway with it.
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { after, before, describe, test } from 'node:test';
import { TestDevice } from '../../../test/support/device.ts';
import { startGateway, stopOwnedGateways, type TestGateway } from '../../../test/support/gateway.ts';
import { gatewayConfig, writeGatewayConfig } from '../../../test/support/gatewayConfig.ts';
import { GATEWAY_VERSIONS } from '../../../test/support/toolchain.ts';
import { locateOpenClawConfig } from './openclawConfig.ts';
import { TokenImportError, importToken, previewTokenImport } from './tokenImport.ts';

after(stopOwnedGateways);

const secret = (): string => randomBytes(24).toString('base64url');
const tokens: string[] = [];
const tmp = (p: string): string => fs.mkdtempSync(path.join(os.tmpdir(), p));

async function rejectsWithCode(
  p: Promise<unknown>,
  code: string,
  message?: RegExp,
): Promise<TokenImportError> {
  let caught: TokenImportError | undefined;
  await assert.rejects(p, (err: unknown) => {
    assert.ok(err instanceof TokenImportError, `expected TokenImportError, got ${String(err)}`);
    assert.equal(err.code, code, err.message);
    if (message) assert.match(err.message, message);
    for (const t of tokens) assert.ok(!err.message.includes(t), 'the message must not contain a token');
    caught = err;
    return true;
  });
  return caught!;
}

/** Rewrites the gateway's config with `token` at gateway.auth.token (plus extra top-level keys) and restarts it. */
async function reconfigure(
  gw: TestGateway,
  token: unknown,
  extra: Record<string, unknown> = {},
): Promise<void> {
  const cfg = {
    ...gatewayConfig({
      version: gw.version,
      port: gw.port,
      token,
      logFile: path.join(gw.dir, 'gateway.jsonl'),
    }),
    ...extra,
  };
  writeGatewayConfig(gw.configPath, cfg);
  await gw.restart(); // throws with the gateway's log if it refuses the config
}

async function proveToken(gw: TestGateway, token: string): Promise<void> {
  const res = await new TestDevice({ displayName: 'clawbar import test' }).connect(gw, {
    scopes: ['operator.read'],
    token,
  });
  assert.ok(res.ok, `the imported token was refused: ${JSON.stringify(!res.ok && res.error)}`);
}

/** An exec provider as OpenClaw wants it: absolute path, owned by us, not group/world-writable. */
function writeResolver(dir: string, id: string): string {
  const file = path.join(dir, 'token-resolver.sh');
  fs.writeFileSync(
    file,
    `#!/bin/sh\ncat > /dev/null\nprintf '{"protocolVersion":1,"values":{"${id}":"%s"}}' "$MY_TOKEN"\n`,
    { mode: 0o700 },
  );
  return file;
}

// Every form restarts the gateway once to prove it accepts the file. 2026.9.6 takes ~25 s per start on
// two cores, so it proves the ${ENV} form (its first start) and the SecretRef file form; the other
// forms are proven on 2026.4.12, whose config reader handles them the same way (both accept env,
// file and exec SecretRefs at gateway.auth.token – checked when this suite was written).
const slowVersion = (version: string): string | false =>
  version === '2026.9.6' && 'proven on 2026.4.12; a 9.6 restart per form costs ~25 s of the suite';

for (const version of GATEWAY_VERSIONS) {
  void describe(`token import from a real ${version} gateway's config`, () => {
    let gw: TestGateway;
    let token: string;
    let env: Record<string, string>;

    before(async () => {
      token = secret();
      tokens.push(token);
      gw = await startGateway({
        version: version,
        tokenInConfig: '${MY_TOKEN}',
        env: { MY_TOKEN: token },
        token,
      });
      env = { ...gw.env(), MY_TOKEN: token };
    });

    void test('${ENV} in JSON5 with comments: preview, import, connect', async () => {
      assert.match(fs.readFileSync(gw.configPath, 'utf8'), /^\/\/ /, 'the config has a comment (JSON5)');
      const loc = locateOpenClawConfig(env);
      assert.equal(loc.configPath, gw.configPath);
      assert.equal(loc.reason, 'OPENCLAW_CONFIG_PATH');
      const preview = previewTokenImport(env);
      assert.equal(preview.found, true, preview.message);
      assert.equal(preview.kind, 'env');
      assert.equal(preview.gatewayUrl, gw.url, 'the URL comes from gateway.port');
      assert.match(preview.source ?? '', /MY_TOKEN/);
      assert.ok(!JSON.stringify(preview).includes(token), 'the preview never carries the token');
      const imported = await importToken(env, null);
      assert.deepEqual(
        { ...imported, where: '' },
        { token, gatewayUrl: gw.url, source: 'config', kind: 'env', where: '' },
      );
      await proveToken(gw, imported.token);
    });

    void test('${ENV} whose variable Clawbar does not have: a clear error', async () => {
      const { MY_TOKEN: _, ...without } = env;
      const preview = previewTokenImport(without);
      assert.equal(preview.found, false);
      assert.equal(preview.error, 'unresolved');
      await rejectsWithCode(
        importToken(without, null),
        'unresolved',
        /\$\{MY_TOKEN\}.*not set.*type the token/,
      );
      // OPENCLAW_GATEWAY_TOKEN stands in when the config cannot be used.
      const fromEnv = await importToken({ ...without, OPENCLAW_GATEWAY_TOKEN: token }, null);
      assert.equal(fromEnv.source, 'env');
      assert.equal(fromEnv.kind, 'environment');
      await proveToken(gw, fromEnv.token);
    });

    void test('SecretRef env', { skip: slowVersion(version) }, async () => {
      await reconfigure(gw, { source: 'env', provider: 'default', id: 'MY_TOKEN' });
      const preview = previewTokenImport(env);
      assert.equal(preview.kind, 'env');
      assert.match(preview.source ?? '', /env SecretRef.*MY_TOKEN/);
      const imported = await importToken(env, null);
      assert.equal(imported.token, token);
      await proveToken(gw, imported.token);
      const { MY_TOKEN: _, ...without } = env;
      await rejectsWithCode(importToken(without, null), 'unresolved', /MY_TOKEN.*not set/);
    });

    void test('SecretRef file (json and singleValue providers)', async () => {
      const secretsFile = path.join(gw.dir, 'secrets.json');
      fs.writeFileSync(secretsFile, JSON.stringify({ gateway: { 'tok/en': token } }), { mode: 0o600 });
      const providers = { filemain: { source: 'file', path: secretsFile, mode: 'json' } };
      await reconfigure(
        gw,
        { source: 'file', provider: 'filemain', id: '/gateway/tok~1en' },
        { secrets: { providers } },
      );
      const preview = previewTokenImport(env);
      assert.equal(preview.kind, 'file');
      const imported = await importToken(env, null);
      assert.equal(imported.token, token);
      await proveToken(gw, imported.token);

      // The same config with the pointer or the file gone: the gateway would not start; we explain.
      const single = path.join(gw.dir, 'token.txt');
      fs.writeFileSync(single, `${token}\n`, { mode: 0o600 });
      const cfg = (id: string, p: Record<string, unknown>): void =>
        writeGatewayConfig(gw.configPath, {
          ...gatewayConfig({
            version,
            port: gw.port,
            token: { source: 'file', provider: 'filemain', id },
            logFile: 'x',
          }),
          secrets: { providers: { filemain: p } },
        });
      cfg('value', { source: 'file', path: single, mode: 'singleValue' });
      assert.equal((await importToken(env, null)).token, token);
      cfg('/gateway/missing', providers.filemain);
      await rejectsWithCode(importToken(env, null), 'unresolved', /has no string at \/gateway\/missing/);
      cfg('/gateway/tok~1en', { ...providers.filemain, path: path.join(gw.dir, 'gone.json') });
      await rejectsWithCode(importToken(env, null), 'unresolved', /gone\.json.*could not be read \(ENOENT\)/);
      cfg('/gateway/tok~1en', { source: 'env' });
      await rejectsWithCode(importToken(env, null), 'unresolved', /names no file provider/);
    });

    void test(
      'SecretRef exec: runs only what the user confirmed; any change after the preview refuses',
      { skip: slowVersion(version) },
      async () => {
        const id = 'clawbar/gateway-token';
        const resolver = writeResolver(gw.dir, id);
        const providers = {
          vault: { source: 'exec', command: resolver, passEnv: ['MY_TOKEN'], jsonOnly: true },
        };
        await reconfigure(gw, { source: 'exec', provider: 'vault', id }, { secrets: { providers } });
        const preview = previewTokenImport(env);
        assert.equal(preview.kind, 'exec');
        assert.equal(preview.command, resolver);
        assert.equal(preview.program, resolver);
        assert.deepEqual([preview.args, preview.env, preview.passEnv], [[], [], ['MY_TOKEN']]);
        assert.match(preview.message, /runs it once/);
        assert.match(preview.confirmation ?? '', /^[0-9a-f]{64}$/);
        await rejectsWithCode(importToken(env, null), 'exec-not-confirmed', new RegExp(resolver));
        // The command string alone is no longer a confirmation: it does not cover args and env.
        await rejectsWithCode(importToken(env, resolver), 'exec-not-confirmed');
        const imported = await importToken(env, preview.confirmation!);
        assert.equal(imported.token, token);
        assert.equal(imported.gatewayUrl, gw.url);
        await proveToken(gw, imported.token);
        // The config changes after the preview (same command, one more variable): refused.
        const changed = { vault: { ...providers.vault, env: { EXTRA: 'x' } } };
        const ref = { source: 'exec', provider: 'vault', id };
        writeGatewayConfig(gw.configPath, {
          ...gatewayConfig({
            version: gw.version,
            port: gw.port,
            token: ref,
            logFile: path.join(gw.dir, 'gateway.jsonl'),
          }),
          secrets: { providers: changed },
        });
        await rejectsWithCode(importToken(env, preview.confirmation!), 'exec-not-confirmed');
        const again = previewTokenImport(env);
        assert.deepEqual(again.env, [{ name: 'EXTRA', value: 'x' }]);
        assert.notEqual(again.confirmation, preview.confirmation);
        // A failing command: a clear error, and no output quoted.
        fs.writeFileSync(resolver, `#!/bin/sh\necho "$MY_TOKEN"\nexit 3\n`, { mode: 0o700 });
        await rejectsWithCode(importToken(env, again.confirmation!), 'exec-failed', /exit 3/);
        fs.writeFileSync(resolver, `#!/bin/sh\necho "$MY_TOKEN"\n`, { mode: 0o700 });
        await rejectsWithCode(importToken(env, again.confirmation!), 'exec-failed', /JSON protocol/);
      },
    );

    void test(
      'plain token, read back to the ${ENV} form the suite started with',
      { skip: slowVersion(version) },
      async () => {
        await reconfigure(gw, token);
        const imported = await importToken(env, null);
        assert.deepEqual([imported.kind, imported.token], ['plain', token]);
        await proveToken(gw, imported.token);
        assert.deepEqual(gw.leakedLookups(), []);
      },
    );
  });
}

void describe('token import without a gateway', () => {
  void test('profile-aware location: ~/.openclaw-<profile>, OPENCLAW_STATE_DIR, OPENCLAW_HOME', () => {
    const home = tmp('clawbar-home-');
    fs.mkdirSync(path.join(home, '.openclaw-work'));
    const cfg = path.join(home, '.openclaw-work', 'openclaw.json');
    fs.writeFileSync(cfg, '{ gateway: { port: 19555, auth: { token: "abc" } } }');
    const loc = locateOpenClawConfig({ HOME: home, OPENCLAW_PROFILE: 'work' });
    assert.deepEqual([loc.configPath, loc.exists, loc.profile], [cfg, true, 'work']);
    assert.equal(
      previewTokenImport({ HOME: home, OPENCLAW_PROFILE: 'work' }).gatewayUrl,
      'ws://127.0.0.1:19555',
    );
    assert.equal(
      locateOpenClawConfig({ HOME: '/nowhere', OPENCLAW_HOME: home, OPENCLAW_PROFILE: 'work' }).configPath,
      cfg,
    );
    assert.equal(
      locateOpenClawConfig({ HOME: home }).configPath,
      path.join(home, '.openclaw', 'openclaw.json'),
    );
    assert.equal(locateOpenClawConfig({ HOME: home, OPENCLAW_PROFILE: 'default' }).exists, false);
    assert.equal(
      locateOpenClawConfig({ HOME: home, OPENCLAW_STATE_DIR: '~/.openclaw-work' }).configPath,
      cfg,
    );
    // dev profile default port, env port override, TLS
    assert.equal(
      previewTokenImport({ HOME: home, OPENCLAW_PROFILE: 'dev' }).gatewayUrl,
      'ws://127.0.0.1:19001',
    );
    assert.equal(
      previewTokenImport({ HOME: home, OPENCLAW_PROFILE: 'work', OPENCLAW_GATEWAY_PORT: '20001' }).gatewayUrl,
      'ws://127.0.0.1:20001',
    );
    fs.writeFileSync(
      cfg,
      '{ gateway: { port: 19555, bind: "lan", tls: { enabled: true }, auth: { token: "abc" } } }',
    );
    assert.equal(
      previewTokenImport({ HOME: home, OPENCLAW_PROFILE: 'work' }).gatewayUrl,
      'wss://127.0.0.1:19555',
    );
  });

  void test('config env.vars feed ${ENV}; $${VAR} stays literal; $VAR shorthand is an env SecretRef', async () => {
    const dir = tmp('clawbar-cfg-');
    const cfg = path.join(dir, 'openclaw.json');
    const env = { HOME: dir, OPENCLAW_CONFIG_PATH: cfg };
    fs.writeFileSync(
      cfg,
      `{ env: { vars: { GW_TOK: "from-vars" } }, gateway: { auth: { token: "\${GW_TOK}" } } }`,
    );
    assert.equal((await importToken(env, null)).token, 'from-vars');
    assert.equal(
      (await importToken({ ...env, GW_TOK: 'from-process' }, null)).token,
      'from-process',
      'the process wins',
    );
    fs.writeFileSync(cfg, `{ gateway: { auth: { token: "a$\${GW_TOK}b" } } }`);
    assert.equal((await importToken(env, null)).token, 'a${GW_TOK}b');
    fs.writeFileSync(cfg, `{ gateway: { auth: { token: "$GW_TOK" } } }`);
    const imported = await importToken({ ...env, GW_TOK: 'short' }, null);
    assert.deepEqual([imported.kind, imported.token], ['env', 'short']);
  });

  void test('malformed configs give clear messages', async () => {
    const dir = tmp('clawbar-bad-');
    const cfg = path.join(dir, 'openclaw.json');
    const env = { HOME: dir, OPENCLAW_CONFIG_PATH: cfg };
    const hidden = secret();
    tokens.push(hidden);

    fs.writeFileSync(cfg, `// broken\n{ gateway: { auth: { token: "${hidden}" } }`);
    const bad = await rejectsWithCode(importToken(env, null), 'config-invalid', /not valid JSON5 at line 2/);
    assert.ok(bad.message.includes(cfg));
    assert.equal(previewTokenImport(env).error, 'config-invalid');

    fs.writeFileSync(cfg, '{ gateway: { mode: "local", auth: { mode: "password" } } }');
    await rejectsWithCode(
      importToken(env, null),
      'no-token',
      /has no gateway\.auth\.token \(gateway\.auth\.mode is "password"\)/,
    );

    fs.writeFileSync(cfg, '[1, 2]');
    await rejectsWithCode(importToken(env, null), 'config-invalid', /does not hold an object/);

    fs.writeFileSync(cfg, '{ gateway: { auth: { token: 42 } } }');
    await rejectsWithCode(importToken(env, null), 'config-invalid', /neither a string nor a SecretRef/);

    fs.writeFileSync(
      cfg,
      '{ gateway: { auth: { token: { source: "exec", provider: "nowhere", id: "x" } } } }',
    );
    await rejectsWithCode(importToken(env, null), 'unresolved', /names no exec provider/);

    fs.writeFileSync(
      cfg,
      '{ gateway: { auth: { token: { source: "store", provider: "default", id: "GW" } } } }',
    );
    await rejectsWithCode(importToken(env, null), 'unsupported', /type the token/i);

    fs.rmSync(cfg);
    const none = await rejectsWithCode(
      importToken(env, null),
      'no-token',
      /No OpenClaw config at .*OPENCLAW_GATEWAY_TOKEN is not set/,
    );
    assert.ok(none.message.includes(cfg));
    const preview = previewTokenImport({ ...env, OPENCLAW_GATEWAY_TOKEN: hidden });
    assert.deepEqual(
      [preview.found, preview.kind, preview.source],
      [true, 'environment', 'OPENCLAW_GATEWAY_TOKEN'],
    );
    assert.ok(!JSON.stringify(preview).includes(hidden));
  });

  void test('preview and import never write: the OpenClaw config and its folder stay as they were', async () => {
    const dir = tmp('clawbar-ro-');
    const cfg = path.join(dir, 'openclaw.json');
    const env = { HOME: dir, OPENCLAW_CONFIG_PATH: cfg, T: 'read-only-token' };
    fs.writeFileSync(cfg, '// mine\n{ gateway: { auth: { token: "${T}" } } }\n', { mode: 0o600 });
    const snapshot = (): string =>
      JSON.stringify(
        fs
          .readdirSync(dir)
          .map((f) => [
            f,
            fs.statSync(path.join(dir, f)).mtimeMs,
            fs.readFileSync(path.join(dir, f), 'utf8'),
          ]),
      );
    const before = snapshot();
    previewTokenImport(env);
    assert.equal((await importToken(env, null)).token, 'read-only-token');
    assert.equal(snapshot(), before);
  });
});
