// What an exec SecretRef would run, as the confirmation shows it: program, arguments and the
// environment it adds, with bidi and control characters visibly escaped; the digest covers it all.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { OpenClawConfig } from './openclawConfig.ts';
import { execPlan, type SecretRef } from './secretRef.ts';
import { visibleText } from '../present/visibleText.ts';

const ref: SecretRef = { source: 'exec', provider: 'vault', id: 'gw' };
const config = (provider: Record<string, unknown>): OpenClawConfig => ({
  path: '/cfg/openclaw.json',
  raw: { secrets: { providers: { vault: { source: 'exec', command: '/usr/bin/vault', ...provider } } } },
});

test('the plan names the program, every argument, the env the config sets and what passes through', () => {
  const p = execPlan(
    ref,
    config({ args: ['read', 'a b'], env: { VAULT_ADDR: 'https://v' }, passEnv: ['HOME', 'UNSET'] }),
    { HOME: '/home/me' },
  );
  assert.equal(p.display, "/usr/bin/vault read 'a b'");
  assert.deepEqual(p.args, ['read', 'a b']);
  assert.deepEqual(p.addedEnv, { VAULT_ADDR: 'https://v' });
  assert.deepEqual(p.passEnv, ['HOME']);
  assert.deepEqual(p.env, { HOME: '/home/me', VAULT_ADDR: 'https://v' });
});

test('bidi and control characters in the command line are shown escaped', () => {
  const p = execPlan(ref, config({ args: ['safe\u202Etxt.exe', 'x\ny', 'zero\u200Bwidth'] }), {});
  assert.equal(p.display, "/usr/bin/vault 'safe\\u202Etxt.exe' 'x\\ny' 'zero\\u200Bwidth'");
  assert.doesNotMatch(p.display, /[\u202E\n\u200B]/);
  assert.equal(visibleText('plain text, ümlauts and 日本語 stay'), 'plain text, ümlauts and 日本語 stay');
  assert.equal(visibleText('\u2066a\u2069\u061C\u0007'), '\\u2066a\\u2069\\u061C\\u0007');
});

test('the digest changes with anything that runs, and only with that', () => {
  const base = { args: ['read'], env: { A: '1' }, passEnv: ['HOME'] };
  const d = (provider: Record<string, unknown>, env: Record<string, string> = { HOME: '/h' }) =>
    execPlan(ref, config(provider), env).digest;
  assert.equal(d(base), d({ ...base }));
  for (const changed of [
    { ...base, args: ['read', '-x'] },
    { ...base, env: { A: '2' } },
    { ...base, env: { A: '1', B: '1' } },
    { ...base, passEnv: ['HOME', 'PATH'] },
    { ...base, command: '/usr/bin/other' },
    { ...base, timeoutMs: 60_000 },
    { ...base, jsonOnly: false },
  ]) {
    assert.notEqual(
      d(changed, { HOME: '/h', PATH: '/bin' }),
      d(base, { HOME: '/h', PATH: '/bin' }),
      JSON.stringify(changed),
    );
  }
  assert.notEqual(d(base, { HOME: '/other' }), d(base), 'a passed value that changed');
});
