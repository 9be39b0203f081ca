// Stand-in for `systemctl --user` (show, start, stop, restart, daemon-reload, reset-failed, enable)
// over one unit. Output and exit codes are copied from real systemctl (systemd 252).
const { load, save, record, nextPid } = require('./standin-state.cjs');

const args = process.argv.slice(2);
record('systemctl', args);
const s = load('systemctl');
// s: { unit, home, installed, UnitFileState, ActiveState, SubState, MainPID, ExecMainStatus,
//      NRestarts, Result, crashOnStart, noBus }

function out(text, code = 0) {
  process.stdout.write(text);
  process.exit(code);
}
function err(text, code) {
  process.stderr.write(text);
  process.exit(code);
}

if (args[0] !== '--user') err('Failed to connect to bus: Operation not permitted\n', 1);
if (s.noBus) err('Failed to connect to bus: No medium found\n', 1);
const [verb, ...rest] = args.slice(1);
const unit = rest.find((a) => !a.startsWith('-'));

function run() {
  if (s.crashOnStart) {
    Object.assign(s, {
      ActiveState: 'activating',
      SubState: 'auto-restart',
      MainPID: 0,
      ExecMainStatus: 1,
      Result: 'exit-code',
    });
    s.NRestarts = (s.NRestarts || 0) + 1;
  } else {
    Object.assign(s, {
      ActiveState: 'active',
      SubState: 'running',
      MainPID: nextPid(s),
      ExecMainStatus: 0,
      Result: 'success',
    });
  }
}

function props() {
  if (!s.installed || unit !== s.unit) {
    return {
      MainPID: 0,
      ExecMainStatus: 0,
      Result: 'success',
      NRestarts: 0,
      LoadState: 'not-found',
      ActiveState: 'inactive',
      SubState: 'dead',
      UnitFileState: '',
    };
  }
  // systemd prints properties in its own table order, not in the order asked for.
  return {
    MainPID: s.MainPID || 0,
    ExecMainStatus: s.ExecMainStatus || 0,
    Result: s.Result || 'success',
    NRestarts: s.NRestarts || 0,
    LoadState: 'loaded',
    ActiveState: s.ActiveState || 'inactive',
    SubState: s.SubState || 'dead',
    UnitFileState: s.UnitFileState || 'disabled',
  };
}

const missing = () => err(`Failed to ${verb} ${unit}: Unit ${unit} not found.\n`, 5);
const jobFailed = () =>
  err(
    `Job for ${unit} failed.\nSee "systemctl --user status ${unit}" and "journalctl --user -xeu ${unit}" for details.\n`,
    1,
  );

switch (verb) {
  case 'show': {
    const wanted = (rest.find((a) => a.startsWith('--property=')) || '--property=')
      .slice('--property='.length)
      .split(',');
    const p = props();
    out(
      Object.entries(p)
        .filter(([k]) => wanted.includes(k))
        .map(([k, v]) => `${k}=${v}\n`)
        .join(''),
    );
    break;
  }
  case 'start':
  case 'restart':
    if (!s.installed || unit !== s.unit) missing();
    if (s.Result === 'start-limit-hit') jobFailed();
    if (verb === 'start' && s.ActiveState === 'active') out('');
    run();
    save('systemctl', s);
    out('');
    break;
  case 'stop':
    if (!s.installed || unit !== s.unit) err(`Failed to stop ${unit}: Unit ${unit} not loaded.\n`, 5);
    Object.assign(s, { ActiveState: 'inactive', SubState: 'dead', MainPID: 0 });
    save('systemctl', s);
    out('');
    break;
  case 'daemon-reload':
    out('');
    break;
  case 'reset-failed':
    if (!s.installed || unit !== s.unit)
      err(`Failed to reset failed state of unit ${unit}: Unit ${unit} not loaded.\n`, 1);
    if (s.ActiveState === 'failed') Object.assign(s, { ActiveState: 'inactive', SubState: 'dead' });
    Object.assign(s, { Result: 'success', NRestarts: 0 });
    save('systemctl', s);
    out('');
    break;
  case 'enable':
    if (!s.installed || unit !== s.unit) err(`Failed to enable unit: Unit file ${unit} does not exist.\n`, 1);
    if (s.UnitFileState !== 'enabled') {
      process.stderr.write(
        `Created symlink ${s.home}/.config/systemd/user/default.target.wants/${unit} → ${s.home}/.config/systemd/user/${unit}.\n`,
      );
    }
    s.UnitFileState = 'enabled';
    save('systemctl', s);
    out('');
    break;
  default:
    err(`Unknown command verb ${verb}.\n`, 1);
}
