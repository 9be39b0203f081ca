// Stand-in for macOS `launchctl` (print, print-disabled, enable, disable, bootstrap, bootout,
// kickstart) over one LaunchAgent. Output and exit codes are copied from real launchctl.
const fs = require('node:fs');
const { load, save, record, nextPid } = require('./standin-state.cjs');

const args = process.argv.slice(2);
record('launchctl', args);
const s = load('launchctl');
// s: { uid, label, plist, loaded, disabled, disabledStyle: 'word'|'bool', state, pid, runs,
//      lastExit (number | null = never exited), lastSignal, crashOnStart }
const target = `gui/${s.uid}/${s.label}`;
const domain = `gui/${s.uid}`;

function out(text, code = 0) {
  process.stdout.write(text);
  process.exit(code);
}
function err(text, code) {
  process.stderr.write(text);
  process.exit(code);
}
const notFound = () => err(`Could not find service "${s.label}" in domain for user gui: ${s.uid}\n`, 113);

function launch() {
  s.runs = (s.runs || 0) + 1;
  if (s.crashOnStart) {
    s.state = 'spawn scheduled';
    s.pid = undefined;
    s.lastExit = 1;
  } else {
    s.state = 'running';
    s.pid = nextPid(s);
  }
}

function printService() {
  const lastExit = s.lastExit === null || s.lastExit === undefined ? '(never exited)' : String(s.lastExit);
  const lines = [
    `${target} = {`,
    `\tactive count = ${s.state === 'running' ? 1 : 0}`,
    `\tpath = ${s.plist}`,
    `\ttype = LaunchAgent`,
    `\tstate = ${s.state}`,
    ``,
    `\tprogram = /opt/homebrew/bin/node`,
    `\targuments = {`,
    `\t\t/opt/homebrew/bin/node`,
    `\t\t/opt/homebrew/lib/node_modules/openclaw/dist/index.js`,
    `\t\tgateway`,
    `\t\t--port`,
    `\t\t18789`,
    `\t}`,
    ``,
    `\tworking directory = /Users/clawbar`,
    ``,
    `\tstdout path = /Users/clawbar/Library/Logs/openclaw/gateway.log`,
    `\tstderr path = /Users/clawbar/Library/Logs/openclaw/gateway.log`,
    `\tinherited environment = {`,
    `\t\tSSH_AUTH_SOCK => /private/tmp/com.apple.launchd.Xo1aBcDe/Listeners`,
    `\t}`,
    ``,
    `\tdefault environment = {`,
    `\t\tPATH => /usr/bin:/bin:/usr/sbin:/sbin`,
    `\t}`,
    ``,
    `\tenvironment = {`,
    `\t\tOPENCLAW_LAUNCHD_LABEL => ${s.label}`,
    `\t\tXPC_SERVICE_NAME => ${s.label}`,
    `\t}`,
    ``,
    `\tdomain = ${domain} [100005]`,
    `\tasid = 100005`,
    `\tminimum runtime = 10`,
    `\texit timeout = 5`,
    `\truns = ${s.runs || 0}`,
    ...(s.state === 'running' ? [`\tpid = ${s.pid}`] : []),
    `\timmediate reason = ${s.state === 'running' ? 'speculative' : 'inefficient'}`,
    `\tforks = 0`,
    `\texecs = ${s.runs || 0}`,
    `\tinitialized = 1`,
    `\ttrampolined = 1`,
    `\tstarted suspended = 0`,
    `\tproxy started suspended = 0`,
    ...(s.lastSignal ? [`\tlast terminating signal = ${s.lastSignal}`] : []),
    `\tlast exit code = ${lastExit}`,
    ``,
    `\tspawn type = daemon (3)`,
    `\tjetsam priority = 40`,
    `\tjetsam memory limit (active) = (unlimited)`,
    `\tjetsam memory limit (inactive) = (unlimited)`,
    `\tjetsamproperties category = daemon`,
    `\tsubmitted job. ignore execute allowed`,
    `\tjetsam thread limit = 32`,
    `\tcpumon = default`,
    `\tjob state = ${s.state === 'running' ? 'running' : 'exited'}`,
    `\tprobabilistic guard exclusion = 1`,
    ``,
    `\tproperties = keepalive | runatload | inferred program`,
    `}`,
    ``,
  ];
  out(lines.join('\n'));
}

const [verb, ...rest] = args;
switch (verb) {
  case 'print':
    if (rest[0] !== target || !s.loaded) notFound();
    printService();
    break;
  case 'print-disabled': {
    if (rest[0] !== domain) err(`Bad request.\nCould not find domain for ${rest[0]}\n`, 113);
    const word = s.disabledStyle === 'bool' ? String(!!s.disabled) : s.disabled ? 'disabled' : 'enabled';
    out(
      [
        `disabled services = {`,
        `\t"com.apple.ScreenContinuity" => enabled`,
        `\t"${s.label}" => ${word}`,
        `\t"com.docker.helper" => disabled`,
        `}`,
        ``,
        `login item associations = {`,
        `}`,
        ``,
      ].join('\n'),
    );
    break;
  }
  case 'enable':
  case 'disable':
    if (rest[0] !== target) err(`Unrecognized target specifier.\n`, 64);
    s.disabled = verb === 'disable';
    save('launchctl', s);
    out('');
    break;
  case 'bootstrap':
    if (rest[0] !== domain) err(`Bootstrap failed: 125: Domain does not support specified action\n`, 125);
    if (!fs.existsSync(rest[1] || '')) err(`Bootstrap failed: 2: No such file or directory\n`, 2);
    if (s.disabled) err(`Bootstrap failed: 119: Service is disabled\n`, 119);
    if (s.loaded)
      err(
        `Bootstrap failed: 5: Input/output error\nTry re-running the command as root for richer errors.\n`,
        5,
      );
    s.loaded = true;
    launch(); // RunAtLoad
    save('launchctl', s);
    out('');
    break;
  case 'bootout':
    if (rest[0] !== target) err(`Unrecognized target specifier.\n`, 64);
    if (!s.loaded) err(`Boot-out failed: 3: No such process\n`, 3);
    s.loaded = false;
    s.state = 'not running';
    s.pid = undefined;
    save('launchctl', s);
    out('');
    break;
  case 'kickstart': {
    const kill = rest[0] === '-k';
    const t = kill ? rest[1] : rest[0];
    if (t !== target || !s.loaded) notFound();
    if (s.state === 'running' && !kill) out('');
    if (s.state === 'running' && kill) {
      s.lastExit = 0;
      s.lastSignal = 'Terminated: 15';
    }
    launch();
    save('launchctl', s);
    out(kill ? '' : '');
    break;
  }
  default:
    err(`Unrecognized subcommand: ${verb}\nUsage: launchctl <subcommand> ... | help [subcommand]\n`, 64);
}
