import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import {
  KNOWN_SCOPES,
  maxRisk,
  satisfies,
  scopeDiff,
  scopeLabel,
  scopeRisk,
  scopeSummary,
  scopesWithin,
} from './scopes.ts';

describe('scope vocabulary', () => {
  test('plain-language labels and risk levels, admin highest', () => {
    assert.equal(scopeLabel('operator.read'), 'read status');
    assert.equal(scopeLabel('operator.write'), 'make changes');
    assert.equal(scopeLabel('operator.admin'), 'full control (admin)');
    assert.equal(scopeLabel('operator.approvals'), 'manage approvals');
    assert.equal(scopeLabel('operator.pairing'), 'pair devices');
    assert.equal(scopeRisk('operator.admin'), 'critical');
    for (const s of ['operator.pairing', 'operator.approvals', 'operator.talk.secrets'])
      assert.equal(scopeRisk(s), 'high', s);
    assert.equal(scopeRisk('operator.write'), 'medium');
    assert.equal(scopeRisk('operator.read'), 'low');
  });

  test('9.6 scopes are known', () => {
    for (const s of [
      'operator.questions',
      'operator.talk',
      'operator.sessions.read',
      'operator.sessions.write',
    ]) {
      assert.ok(KNOWN_SCOPES.includes(s), s);
      assert.notEqual(scopeLabel(s), s);
    }
  });

  test('an unknown scope keeps its name and is rated high', () => {
    assert.equal(scopeLabel('operator.future.thing'), 'operator.future.thing');
    assert.equal(scopeRisk('operator.future.thing'), 'high');
    assert.equal(scopeRisk('node.exec'), 'high');
  });

  test('maxRisk orders low < medium < high < critical', () => {
    assert.equal(maxRisk(['low', 'high', 'medium']), 'high');
    assert.equal(maxRisk(['low', 'critical']), 'critical');
    assert.equal(maxRisk([]), 'low');
  });
});

describe('satisfies', () => {
  test('admin satisfies every operator scope, not other namespaces', () => {
    for (const s of KNOWN_SCOPES) assert.ok(satisfies(['operator.admin'], s), s);
    assert.ok(satisfies(['operator.admin'], 'operator.not-yet-invented'));
    assert.equal(satisfies(['operator.admin'], 'node.exec'), false);
  });

  test('write satisfies read; others need an exact match', () => {
    assert.ok(satisfies(['operator.write'], 'operator.read'));
    assert.equal(satisfies(['operator.read'], 'operator.write'), false);
    assert.equal(satisfies(['operator.approvals'], 'operator.pairing'), false);
    assert.equal(satisfies(['operator.pairing'], 'operator.approvals'), false);
    assert.equal(satisfies(['operator.sessions.write'], 'operator.sessions.read'), false);
    assert.ok(satisfies(['operator.approvals'], 'operator.approvals'));
    assert.equal(satisfies([], 'operator.read'), false);
  });

  test('scopesWithin: the approve guard', () => {
    assert.ok(scopesWithin(['operator.approvals'], ['operator.approvals']));
    assert.ok(scopesWithin(['operator.read'], ['operator.write']));
    assert.ok(scopesWithin([], []));
    assert.equal(scopesWithin(['operator.approvals', 'operator.write'], ['operator.approvals']), false);
    assert.equal(
      scopesWithin(['operator.admin'], ['operator.approvals', 'operator.pairing', 'operator.write']),
      false,
    );
  });
});

describe('scopeDiff and scopeSummary', () => {
  test("the user's case: paired at read, asks for approvals", () => {
    const d = scopeDiff(['operator.read'], ['operator.approvals']);
    assert.deepEqual(
      d.alreadyAllowed.map((l) => l.scope),
      ['operator.read'],
    );
    assert.deepEqual(d.adds, [{ scope: 'operator.approvals', label: 'manage approvals', risk: 'high' }]);
    assert.equal(scopeSummary(d), 'already allowed: read · adds: manage approvals');
  });

  test('a new device: asks for', () => {
    const d = scopeDiff(undefined, ['operator.read', 'operator.write']);
    assert.equal(d.newDevice, true);
    assert.deepEqual(d.alreadyAllowed, []);
    assert.equal(scopeSummary(d), 'asks for: read, make changes');
  });

  test('requested scopes the device holds (directly or through write/admin) are not adds', () => {
    const d = scopeDiff(['operator.write'], ['operator.read', 'operator.approvals', 'operator.approvals']);
    assert.deepEqual(
      d.adds.map((l) => l.scope),
      ['operator.approvals'],
    );
    const none = scopeDiff(['operator.read', 'operator.approvals'], ['operator.approvals']);
    assert.equal(scopeSummary(none), 'already allowed: read, manage approvals · adds: nothing new');
  });
});
