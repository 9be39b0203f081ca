// `node --require …/register.cjs dist/main.cjs`: `require('electron')` gets the stand-in
// (electron.ts) instead of Electron, and a test driver answers the parent over the IPC channel when
// there is one (launch.ts starts the app that way).
'use strict';
const Module = require('node:module');
const path = require('node:path');

const STANDIN = path.join(__dirname, 'electron.ts');
const resolveFilename = Module._resolveFilename;
Module._resolveFilename = function (request, ...rest) {
  if (request === 'electron') return STANDIN;
  return resolveFilename.call(this, request, ...rest);
};

if (typeof process.send === 'function') require('./driver.ts');
