// Stand-in for the `openclaw` CLI where the service tests need one: `--version`,
// `gateway install` (which writes the LaunchAgent plist / marks the unit installed, as the real one does)
// and `gateway run`, which prints the state's `runOutput` (if any) and exits 2.
const fs = require('node:fs');
const path = require('node:path');
const { load, save, record } = require('./standin-state.cjs');

const args = process.argv.slice(2);
record('openclaw', args);
const s = load('openclaw'); // { version, platform }
if (args[0] === '--version') {
  process.stdout.write(`OpenClaw ${s.version || '2026.9.6'} (eb377ac)\n`);
  process.exit(0);
}
if (args[0] === 'gateway' && args[1] === 'install') {
  if (s.platform === 'darwin') {
    const l = load('launchctl');
    fs.mkdirSync(path.dirname(l.plist), { recursive: true });
    fs.writeFileSync(
      l.plist,
      '<?xml version="1.0" encoding="UTF-8"?>\n<plist version="1.0"><dict/></plist>\n',
    );
    Object.assign(l, { loaded: true, disabled: false, state: 'running', pid: 41999, runs: 1 });
    save('launchctl', l);
  } else {
    const u = load('systemctl');
    Object.assign(u, {
      installed: true,
      UnitFileState: 'enabled',
      ActiveState: 'active',
      SubState: 'running',
      MainPID: 41999,
    });
    save('systemctl', u);
  }
  process.stdout.write('Installed gateway service.\n');
  process.exit(0);
}
if (args[0] === 'gateway' && args[1] === 'run' && s.runOutput) {
  // A gateway that prints (possibly secrets) and exits: what lands in Clawbar's captured log.
  process.stdout.write(s.runOutput);
  process.stderr.write(s.runOutput);
}
process.stderr.write(`openclaw stand-in: unsupported ${args.join(' ')}\n`);
process.exit(2);
