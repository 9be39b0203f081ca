#!/usr/bin/env node
// The whole test command (`npm test`): installs the test toolchain on first use (Node 24 + the real
// gateways), lints, typechecks, builds, starts one real gateway per pinned version, runs the unit and
// integration tests (node:test) and the browser tests (Playwright + Debian's Chromium) under Node 24,
// then stops the gateways by PID and checks that nothing leaked or kept running.
// Modes: `all` (default), `unit`, `e2e`, `bench`, `soak` (opt-in, 30 min: bench/soak.ts).
import { spawn, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import readline from 'node:readline';
import { fileURLToPath } from 'node:url';
import { ensureSystemDeps } from './systemDeps.mjs';
import { ensureToolchain } from './toolchain.mjs';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const mode = process.argv[2] ?? 'all';
const extra = process.argv.slice(3);
const started = Date.now();
const totals = { passed: 0, failed: 0, skipped: 0 };
let failedSteps = [];

function step(name) {
  console.log(`\n=== ${name} (${((Date.now() - started) / 1000).toFixed(0)} s) ===`);
}

function run(name, cmd, args, env = {}) {
  step(name);
  const r = spawnSync(cmd, args, { cwd: root, stdio: 'inherit', env: { ...process.env, ...env } });
  if (r.status !== 0) failedSteps.push(name);
  return r.status === 0;
}

/** The mark of a test file that uses only gateways it starts itself (see the unit step). */
const OWN_GATEWAYS_LANE = 'test-lane: own-gateways';

const npxBin = (name) => path.join(root, 'node_modules', '.bin', name);

step('system packages (Chromium, a Secret Service)');
ensureSystemDeps();

step('toolchain (Node 24 + real OpenClaw gateways, installed on first use)');
const toolchain = ensureToolchain();
const node24 = toolchain.node;
console.log(
  `node: ${node24}\n${Object.entries(toolchain.gateways)
    .map(([v, p]) => `openclaw ${v}: ${p}`)
    .join('\n')}`,
);

const scratch = fs.mkdtempSync(path.join(os.tmpdir(), 'clawbar-test-run-'));
const baseEnv = {
  CLAWBAR_TOOLCHAIN: JSON.stringify(toolchain),
  CLAWBAR_TEST_TMP: scratch,
  // Every temp file of the run (data dirs, keyrings, browser profiles) lands in the scratch folder,
  // so the run can check what Clawbar wrote and remove it all at the end.
  TMPDIR: scratch,
  // Browsers and Electron must never reach out; the gateways have their own DNS guard.
  PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD: '1',
  ELECTRON_SKIP_BINARY_DOWNLOAD: '1',
};

if (mode === 'all') {
  run('lint (eslint, type-aware)', node24, [npxBin('eslint'), '.']);
  run('format (prettier --check)', node24, [npxBin('prettier'), '--check', '.']);
  const tsc = path.join(root, 'node_modules', 'typescript', 'bin', 'tsc');
  // One project each: shipped Node code (against Electron's types), tests/bench/scripts, the panel, e2e.
  for (const [name, project] of [
    ['typecheck electron/ (shipped, against Electron types)', 'tsconfig.node.json'],
    ['typecheck tests, bench, scripts', 'tsconfig.test.json'],
    ['typecheck web (renderer/ + the contract)', 'tsconfig.web.json'],
    ['typecheck e2e', 'tsconfig.e2e.json'],
  ]) {
    if (!run(name, node24, [tsc, '-p', project])) break;
  }
}
if (mode === 'all' || mode === 'e2e' || mode === 'bench')
  run('build', node24, [path.join(root, 'scripts', 'build.mjs')]);

// One real gateway per pinned version for the whole run.
step('start the shared real gateways');
const descriptors = path.join(scratch, 'gateways.json');
const pool = spawn(node24, [path.join(root, 'test', 'support', 'gateway-pool.ts'), descriptors], {
  cwd: root,
  env: { ...process.env, ...baseEnv },
  stdio: ['pipe', 'pipe', 'inherit'],
});
const poolLines = [];
await new Promise((resolve, reject) => {
  const rl = readline.createInterface({ input: pool.stdout });
  rl.on('line', (line) => {
    poolLines.push(line);
    console.log(line);
    if (line === 'READY') resolve();
  });
  pool.once('exit', (code) => reject(new Error(`the gateway pool exited (${code}) before it was ready`)));
});
const poolExit = new Promise((resolve) => pool.once('exit', (code) => resolve(code)));
const env = { ...baseEnv, CLAWBAR_TEST_GATEWAYS: descriptors };

function tapTotals(file) {
  if (!fs.existsSync(file)) return;
  const text = fs.readFileSync(file, 'utf8');
  const num = (k) => Number(new RegExp(`^# ${k} (\\d+)$`, 'm').exec(text)?.[1] ?? 0);
  totals.passed += num('pass');
  totals.failed += num('fail') + num('cancelled');
  totals.skipped += num('skipped') + num('todo');
}

try {
  if (mode === 'all' || mode === 'unit') {
    const nodeTest = (tap, spec) => [
      '--test',
      '--test-concurrency=1',
      '--test-timeout=600000',
      '--test-reporter=spec',
      `--test-reporter-destination=${spec}`,
      '--test-reporter=tap',
      `--test-reporter-destination=${tap}`,
    ];
    if (extra.length) {
      const tap = path.join(scratch, 'node-test.tap');
      run(
        'unit + integration tests (node:test, Node 24)',
        node24,
        [...nodeTest(tap, 'stdout'), ...extra],
        env,
      );
      tapTotals(tap);
    } else {
      // Files marked OWN_GATEWAYS_LANE start and stop gateways of their own and change nothing on the
      // shared ones, so they run beside the rest (which share the pool's gateways and their settings,
      // e.g. local auto-approval, one file at a time). Their report is printed when they end.
      const files = ['electron', 'test', 'scripts', 'bench'].flatMap((d) =>
        [...walk(path.join(root, d))].filter((f) => f.endsWith('.test.ts')).sort(),
      );
      const own = files.filter((f) => fs.readFileSync(f, 'utf8').includes(OWN_GATEWAYS_LANE));
      const shared = files.filter((f) => !own.includes(f));
      const ownTap = path.join(scratch, 'node-test-own.tap');
      const ownSpec = path.join(scratch, 'node-test-own.txt');
      const ownLogFile = path.join(scratch, 'node-test-own.log');
      const ownLog = fs.openSync(ownLogFile, 'w');
      const ownLane = new Promise((resolve) => {
        const child = spawn(node24, [...nodeTest(ownTap, ownSpec), ...own], {
          cwd: root,
          // What the files print themselves (harness lines, a crash) is kept beside the report.
          stdio: ['ignore', ownLog, ownLog],
          env: { ...process.env, ...env },
        });
        child.once('exit', (code) => resolve(code));
      });
      const sharedTap = path.join(scratch, 'node-test.tap');
      run(
        `unit + integration tests (node:test, Node 24, real gateways; ${own.length} files on gateways of their own run beside)`,
        node24,
        [...nodeTest(sharedTap, 'stdout'), ...shared],
        env,
      );
      tapTotals(sharedTap);
      step('tests on gateways of their own (run beside the above)');
      const code = await ownLane;
      fs.closeSync(ownLog);
      for (const f of [ownLogFile, ownSpec])
        if (fs.existsSync(f)) process.stdout.write(fs.readFileSync(f, 'utf8'));
      if (code !== 0) failedSteps.push('tests on gateways of their own');
      tapTotals(ownTap);
    }
  }
  if (mode === 'all' || mode === 'e2e') {
    const json = path.join(scratch, 'playwright.json');
    run(
      'browser tests (Playwright + Debian Chromium, real dev host and gateways)',
      node24,
      [
        path.join(root, 'node_modules', '@playwright', 'test', 'cli.js'),
        'test',
        '--reporter=list,json',
        // `npm run test:e2e -- e2e/panel.spec.ts -g name` runs a part.
        ...(mode === 'e2e' ? extra : []),
      ],
      {
        ...env,
        PLAYWRIGHT_JSON_OUTPUT_NAME: json,
      },
    );
    if (fs.existsSync(json)) {
      const s = JSON.parse(fs.readFileSync(json, 'utf8')).stats ?? {};
      totals.passed += (s.expected ?? 0) + (s.flaky ?? 0);
      totals.failed += s.unexpected ?? 0;
      totals.skipped += s.skipped ?? 0;
    }
  }
  if (mode === 'bench') {
    run('benchmarks', node24, [path.join(root, 'bench', 'run.ts'), ...extra], env);
  }
  if (mode === 'soak') {
    run(
      'soak (memory and handles under requests coming and going)',
      node24,
      [path.join(root, 'bench', 'soak.ts'), ...extra],
      env,
    );
  }
} finally {
  step('stop the shared gateways');
  pool.kill('SIGTERM');
  const code = await poolExit;
  if (code !== 0) failedSteps.push('gateway pool shutdown (a process kept running or a lookup got through)');
  // Nothing the run started may outlive it: every gateway, CLI or app process we spawn carries the
  // run's scratch path in its environment (CLAWBAR_TEST_TMP / the DNS guard log).
  const leftovers = processesMentioning(scratch);
  if (leftovers.length) {
    failedSteps.push('processes left running');
    console.log(`processes left running:\n${leftovers.map((p) => `${p.pid} ${p.cmd}`).join('\n')}`);
    for (const p of leftovers) {
      try {
        process.kill(p.pid, 'SIGKILL');
      } catch {
        /* gone */
      }
    }
  }
  step('secrets audit: no token or private key in any file Clawbar wrote during the run');
  const leaks = secretLeaks(scratch, descriptors);
  if (leaks.length) {
    failedSteps.push('secrets audit');
    console.log(`secrets found in files Clawbar wrote:\n${leaks.join('\n')}`);
  } else console.log('no secret found in Clawbar-written files');
  if (failedSteps.length) {
    const logs = path.join(root, 'test-results', 'gateway-logs');
    fs.mkdirSync(logs, { recursive: true });
    for (const f of walk(scratch))
      if (/\.(log|jsonl)$/.test(f))
        fs.copyFileSync(f, path.join(logs, path.relative(scratch, f).replaceAll(path.sep, '__')));
    console.log(`gateway logs kept in ${path.relative(root, logs)}/`);
  }
  fs.rmSync(scratch, { recursive: true, force: true });
}

/**
 * Files Clawbar itself writes (settings, audit log, its own log, the supervised gateway's log, files
 * moved aside) anywhere in the run's scratch folder, outside the test gateways' own state, checked for
 * the shared gateways' tokens and for any private key.
 */
function secretLeaks(dir, descriptorsFile) {
  const tokens = fs.existsSync(descriptorsFile)
    ? JSON.parse(fs.readFileSync(descriptorsFile, 'utf8')).map((d) => d.token)
    : [];
  const clawbarFile = /(^settings\.json|^audit(\.\d+)?\.jsonl|^clawbar\.log|^gateway\.log|\.corrupt-\d+)/;
  const found = [];
  for (const f of walk(dir)) {
    if (f.includes(`${path.sep}clawbar-gw-`) || !clawbarFile.test(path.basename(f))) continue;
    const text = fs.readFileSync(f, 'latin1');
    if (text.includes('PRIVATE KEY-----')) found.push(`${f}: a private key`);
    for (const t of tokens) if (text.includes(t)) found.push(`${f}: a gateway token`);
  }
  return found;
}

function processesMentioning(marker) {
  if (!fs.existsSync('/proc')) return [];
  const found = [];
  for (const name of fs.readdirSync('/proc')) {
    const pid = Number(name);
    if (!pid || pid === process.pid) continue;
    try {
      if (fs.readFileSync(`/proc/${pid}/environ`, 'utf8').includes(marker)) {
        found.push({
          pid,
          cmd: fs.readFileSync(`/proc/${pid}/cmdline`, 'utf8').replaceAll('\0', ' ').slice(0, 160),
        });
      }
    } catch {
      /* exited or not ours */
    }
  }
  return found;
}

function* walk(dir) {
  for (const e of fs.readdirSync(dir, { withFileTypes: true })) {
    const p = path.join(dir, e.name);
    if (e.isDirectory()) yield* walk(p);
    else if (e.isFile()) yield p;
  }
}

const secs = ((Date.now() - started) / 1000).toFixed(0);
console.log(
  `\n${failedSteps.length ? `FAILED steps: ${failedSteps.join('; ')}` : 'all steps passed'} in ${secs} s`,
);
if (mode !== 'bench' && mode !== 'soak')
  console.log(`tests: ${totals.passed} passed, ${totals.failed} failed, ${totals.skipped} skipped`);
process.exit(failedSteps.length ? 1 : 0);
