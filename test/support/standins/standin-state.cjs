// Shared by the stand-in executables: a JSON state file and an argument log in $STANDIN_DIR.
const fs = require('node:fs');
const path = require('node:path');

const dir = process.env.STANDIN_DIR;
if (!dir) {
  process.stderr.write('stand-in: STANDIN_DIR is not set\n');
  process.exit(99);
}

function load(tool) {
  const file = path.join(dir, `${tool}.json`);
  return fs.existsSync(file) ? JSON.parse(fs.readFileSync(file, 'utf8')) : {};
}

function save(tool, state) {
  fs.writeFileSync(path.join(dir, `${tool}.json`), JSON.stringify(state, null, 2));
}

function record(tool, args) {
  fs.appendFileSync(path.join(dir, 'calls.jsonl'), JSON.stringify([tool, ...args]) + '\n');
}

function nextPid(state) {
  state.nextPid = (state.nextPid || 41000) + 1;
  return state.nextPid;
}

module.exports = { load, save, record, nextPid };
