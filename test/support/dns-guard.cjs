// Preloaded into every test gateway (NODE_OPTIONS=--require): only loopback may be looked up or
// connected to. Everything else fails as ENOTFOUND / ECONNREFUSED and is logged, so a test run can
// prove that no lookup got through (CLAWBAR_DNS_GUARD_LOG, one JSON object per line).
'use strict';
const dns = require('node:dns');
const net = require('node:net');
const fs = require('node:fs');

const logPath = process.env.CLAWBAR_DNS_GUARD_LOG;
function record(kind, host, allowed) {
  if (!logPath) return;
  try {
    fs.appendFileSync(
      logPath,
      `${JSON.stringify({ ts: Date.now(), pid: process.pid, kind, host: String(host), allowed })}\n`,
    );
  } catch {
    /* the guard must never break the process it protects */
  }
}

function isLoopbackName(host) {
  const h = String(host)
    .toLowerCase()
    .replace(/^\[|\]$/g, '');
  return (
    h === 'localhost' ||
    h.endsWith('.localhost') ||
    h === '::1' ||
    /^127\.\d+\.\d+\.\d+$/.test(h) ||
    h === '0.0.0.0' ||
    h === '::'
  );
}

function refused(host, code) {
  const err = new Error(
    `${code === 'ENOTFOUND' ? 'getaddrinfo' : 'connect'} ${code} ${host} (blocked by the Clawbar test DNS guard)`,
  );
  err.code = code;
  err.hostname = host;
  return err;
}

const originalLookup = dns.lookup;
dns.lookup = function guardedLookup(host, options, callback) {
  const cb = typeof options === 'function' ? options : callback;
  const allowed = isLoopbackName(host);
  record('dns.lookup', host, allowed);
  if (!allowed) {
    process.nextTick(() => cb(refused(host, 'ENOTFOUND')));
    return {};
  }
  return originalLookup.apply(this, arguments);
};

const originalPromisesLookup = dns.promises.lookup;
dns.promises.lookup = async function guardedPromisesLookup(host, options) {
  const allowed = isLoopbackName(host);
  record('dns.promises.lookup', host, allowed);
  if (!allowed) throw refused(host, 'ENOTFOUND');
  return originalPromisesLookup.call(this, host, options);
};

for (const name of ['resolve', 'resolve4', 'resolve6', 'resolveAny', 'resolveSrv', 'resolveTxt']) {
  const orig = dns[name];
  if (typeof orig !== 'function') continue;
  dns[name] = function guardedResolve(host, ...rest) {
    const cb = rest[rest.length - 1];
    const allowed = isLoopbackName(host);
    record(`dns.${name}`, host, allowed);
    if (!allowed && typeof cb === 'function')
      return void process.nextTick(() => cb(refused(host, 'ENOTFOUND')));
    return orig.call(this, host, ...rest);
  };
  const porig = dns.promises[name];
  if (typeof porig === 'function') {
    dns.promises[name] = async function guardedPromisesResolve(host, ...rest) {
      const allowed = isLoopbackName(host);
      record(`dns.promises.${name}`, host, allowed);
      if (!allowed) throw refused(host, 'ENOTFOUND');
      return porig.call(this, host, ...rest);
    };
  }
}

// IP literals skip DNS: refuse any TCP connect to a non-loopback address as well.
const originalConnect = net.Socket.prototype.connect;
net.Socket.prototype.connect = function guardedConnect(...args) {
  const first = args[0];
  const opts = Array.isArray(first) ? first[0] : first;
  const host =
    opts && typeof opts === 'object' ? opts.host : typeof args[1] === 'string' ? args[1] : undefined;
  const isPipe = opts && typeof opts === 'object' && opts.path;
  if (
    !isPipe &&
    host !== undefined &&
    net.isIP(String(host).replace(/^\[|\]$/g, '')) &&
    !isLoopbackName(host)
  ) {
    record('net.connect', host, false);
    process.nextTick(() => this.destroy(refused(host, 'ECONNREFUSED')));
    return this;
  }
  return originalConnect.apply(this, args);
};
