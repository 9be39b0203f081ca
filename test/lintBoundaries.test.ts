// The import boundaries in eslint.boundaries.js bite: each forbidden import is reported, and the
// allowed ones are not.
import assert from 'node:assert/strict';
import path from 'node:path';
import { test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { ESLint } from 'eslint';
import tseslint from 'typescript-eslint';
// eslint.boundaries.js is plain JS shared with eslint.config.js.
import { boundaries } from '../eslint.boundaries.js';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');

async function restricted(file: string, code: string): Promise<string[]> {
  const eslint = new ESLint({
    cwd: root,
    overrideConfigFile: true,
    overrideConfig: [
      { files: ['**/*.ts', '**/*.tsx'], languageOptions: { parser: tseslint.parser } },
      ...boundaries,
    ],
  });
  const [result] = await eslint.lintText(code, { filePath: path.join(root, file) });
  return (result?.messages ?? []).filter((m) => m.ruleId === 'no-restricted-imports').map((m) => m.message);
}

test('the panel may import from electron/ only through the contract folder', async () => {
  assert.equal(
    (
      await restricted(
        'renderer/src/x.ts',
        "import { reconcile } from '../../electron/core/pairing/reconcile.ts';\n",
      )
    ).length,
    1,
  );
  assert.equal((await restricted('renderer/src/x.ts', "import fs from 'node:fs';\n")).length, 1);
  assert.deepEqual(
    await restricted(
      'renderer/src/x.ts',
      "import type { AppState } from '../../electron/core/contract/contract.ts';\n",
    ),
    [],
  );
});

test('shipped code imports no test, bench or e2e code, and core imports no Electron', async () => {
  assert.equal(
    (
      await restricted(
        'electron/core/audit/x.ts',
        "import { waitFor } from '../../../test/support/waitFor.ts';\n",
      )
    ).length,
    1,
  );
  assert.equal(
    (await restricted('electron/shell/x.ts', "import { run } from '../../bench/run.ts';\n")).length,
    1,
  );
  assert.equal((await restricted('electron/core/app/x.ts', "import { app } from 'electron';\n")).length, 1);
  assert.deepEqual(await restricted('electron/shell/x.ts', "import { app } from 'electron';\n"), []);
  // Tests beside the code may use the harness.
  assert.deepEqual(
    await restricted(
      'electron/core/audit/x.test.ts',
      "import { waitFor } from '../../../test/support/waitFor.ts';\n",
    ),
    [],
  );
});
