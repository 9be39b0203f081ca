import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { ConnectionState } from '../contract/views.ts';
import { serviceRecheck } from './serviceRecheck.ts';

const url = 'ws://127.0.0.1:18789';
const connected: ConnectionState = {
  kind: 'connected',
  url,
  serverVersion: '2026.4.12',
  protocol: 3,
  scopes: [],
  connectedSince: 0,
  methods: [],
};
const down: ConnectionState = { kind: 'gateway-down', url, since: 0, lastError: 'refused' };
const reconnecting: ConnectionState = { kind: 'reconnecting', url, attempt: 1, nextTryAt: 0, lastError: 'x' };
const connecting: ConnectionState = { kind: 'connecting', url, attempt: 1 };
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

test('connect and disconnect each check the service once; a burst makes one check', async () => {
  let checks = 0;
  const r = serviceRecheck(() => {
    checks++;
    return Promise.resolve();
  }, 20);
  r.onState(connecting); // start: not a change
  await sleep(60);
  assert.equal(checks, 0);
  r.onState(connected);
  await sleep(60);
  assert.equal(checks, 1, 'connected');
  for (let i = 0; i < 5; i++) {
    r.onState(reconnecting);
    r.onState(down);
    r.onState(connecting);
  }
  await sleep(60);
  assert.equal(checks, 2, 'one check for the whole disconnect burst');
  r.onState(connected);
  r.onState(connected);
  await sleep(60);
  assert.equal(checks, 3, 'back: one check');
  r.dispose();
  r.onState(down);
  await sleep(60);
  assert.equal(checks, 3, 'nothing after dispose');
});

test('never two checks at once: a change during a check runs one more after it', async () => {
  let running = 0;
  let most = 0;
  let checks = 0;
  const r = serviceRecheck(async () => {
    checks++;
    running++;
    most = Math.max(most, running);
    await sleep(80);
    running--;
  }, 10);
  r.onState(connected);
  await sleep(30); // the first check is running
  r.onState(down);
  await sleep(30);
  r.onState(connected);
  await sleep(300);
  assert.equal(most, 1);
  assert.equal(checks, 2, 'the changes during the check make one more');
  r.dispose();
});

test('a failing check does not stop later ones', async () => {
  let checks = 0;
  const r = serviceRecheck(() => {
    checks++;
    return Promise.reject(new Error('launchctl failed'));
  }, 10);
  r.onState(connected);
  await sleep(40);
  r.onState(down);
  await sleep(40);
  assert.equal(checks, 2);
  r.dispose();
});
