// A real approval requester for tests: a test device holding `operator.approvals` (or more) on an open
// connection that files exec approvals (`exec.approval.request`, two-phase) and plugin approvals, waits
// for the decision with `*.approval.waitDecision` and can decide as another operator client would.
import { randomUUID } from 'node:crypto';
import type WebSocket from 'ws';
import {
  ApprovalRequestAnswer,
  ApprovalWaitAnswer,
  type ApprovalDecision,
  type ApprovalKind,
} from '../../electron/core/approvals/wire.ts';
import { TestDevice, type DeviceProfile } from './device.ts';

interface GatewayLike {
  url: string;
  token: string;
}

export interface RequesterOptions extends DeviceProfile {
  scopes?: string[];
  caps?: string[];
}

/** What an exec request may say (the gateway's `exec.approval.request` params, minus twoPhase). */
export interface ExecRequest {
  command: string;
  cwd?: string | null;
  host?: string;
  agentId?: string;
  sessionKey?: string;
  resolvedPath?: string;
  ask?: string;
  security?: string;
  commandArgv?: string[];
  warningText?: string;
  scope?: Record<string, unknown>;
  timeoutMs?: number;
  [extra: string]: unknown;
}

export interface PluginRequest {
  title: string;
  description: string;
  pluginId?: string;
  severity?: 'info' | 'warning' | 'critical';
  toolName?: string;
  agentId?: string;
  sessionKey?: string;
  allowedDecisions?: ApprovalDecision[];
  detail?: string;
  timeoutMs?: number;
  [extra: string]: unknown;
}

export class RequesterRpcError extends Error {
  readonly method: string;
  readonly code: string;
  readonly details: unknown;
  constructor(method: string, code: string, message: string, details: unknown) {
    super(`${method}: ${code}: ${message}`);
    this.method = method;
    this.code = code;
    this.details = details;
  }
}

interface Pending {
  resolve: (v: unknown) => void;
  reject: (e: Error) => void;
  timer: NodeJS.Timeout;
  method: string;
}

export class ApprovalRequester {
  readonly events: { event: string; payload: unknown; at: number }[] = [];
  private readonly pending = new Map<string, Pending>();

  readonly device: TestDevice;
  readonly hello: Record<string, unknown>;
  private readonly ws: WebSocket;

  private constructor(device: TestDevice, ws: WebSocket, hello: Record<string, unknown>) {
    this.device = device;
    this.ws = ws;
    this.hello = hello;
    ws.on('message', (data: WebSocket.RawData) =>
      this.onMessage(
        Buffer.isBuffer(data) ? data.toString('utf8') : Buffer.from(data as ArrayBuffer).toString('utf8'),
      ),
    );
    ws.on('close', () => {
      for (const [id, p] of this.pending) {
        clearTimeout(p.timer);
        p.reject(new Error(`${p.method}: connection closed`));
        this.pending.delete(id);
      }
    });
  }

  /** Connects a fresh device (paired silently over loopback) and keeps the connection open. */
  static async connect(gw: GatewayLike, o: RequesterOptions = {}): Promise<ApprovalRequester> {
    const device = new TestDevice({ displayName: o.displayName ?? 'Approval requester', ...o });
    const scopes = o.scopes ?? ['operator.approvals'];
    let r = await device.connect(gw, { scopes, keepOpen: true, ...(o.caps ? { caps: o.caps } : {}) });
    // Loaded machines now and then drop a handshake without a close frame: transport noise.
    for (let i = 0; i < 3 && !r.ok && r.closeCode === 1006 && !r.error; i++) {
      await new Promise((res) => setTimeout(res, 200));
      r = await device.connect(gw, { scopes, keepOpen: true, ...(o.caps ? { caps: o.caps } : {}) });
    }
    if (!r.ok || !r.ws) throw new Error(`requester did not connect: ${JSON.stringify(r)}`);
    return new ApprovalRequester(device, r.ws, r.hello);
  }

  call<T = unknown>(method: string, params: Record<string, unknown>, timeoutMs = 15_000): Promise<T> {
    const id = randomUUID();
    return new Promise<T>((resolve, reject) => {
      const timer = setTimeout(() => {
        this.pending.delete(id);
        reject(new Error(`${method}: no answer within ${timeoutMs} ms`));
      }, timeoutMs);
      this.pending.set(id, { resolve: resolve as (v: unknown) => void, reject, timer, method });
      this.ws.send(JSON.stringify({ type: 'req', id, method, params }));
    });
  }

  /** `exec.approval.request` with `twoPhase: true`: answers as soon as the gateway accepted (or refused) it. */
  async requestExec(p: ExecRequest): Promise<ApprovalRequestAnswer> {
    const params = { host: 'gateway', timeoutMs: 60_000, ...p, twoPhase: true };
    return ApprovalRequestAnswer.parse(await this.call('exec.approval.request', params));
  }

  async requestPlugin(p: PluginRequest): Promise<ApprovalRequestAnswer> {
    const params = { timeoutMs: 60_000, ...p, twoPhase: true };
    return ApprovalRequestAnswer.parse(await this.call('plugin.approval.request', params));
  }

  /** Blocks until the approval is decided or expires (`decision: null`). */
  async waitDecision(kind: ApprovalKind, id: string, timeoutMs = 60_000): Promise<ApprovalWaitAnswer> {
    return ApprovalWaitAnswer.parse(await this.call(`${kind}.approval.waitDecision`, { id }, timeoutMs));
  }

  /** Decides as an operator client other than Clawbar would. */
  resolve(kind: ApprovalKind, id: string, decision: ApprovalDecision): Promise<unknown> {
    return this.call(`${kind}.approval.resolve`, { id, decision });
  }

  eventsNamed(event: string): unknown[] {
    return this.events.filter((e) => e.event === event).map((e) => e.payload);
  }

  close(): Promise<void> {
    return new Promise((resolve) => {
      if (this.ws.readyState === this.ws.CLOSED) return resolve();
      this.ws.once('close', () => resolve());
      this.ws.close();
      setTimeout(() => {
        this.ws.terminate();
        resolve();
      }, 1000).unref();
    });
  }

  private onMessage(text: string): void {
    let msg: Record<string, unknown>;
    try {
      msg = JSON.parse(text) as Record<string, unknown>;
    } catch {
      return;
    }
    if (msg.type === 'event' && typeof msg.event === 'string') {
      this.events.push({ event: msg.event, payload: msg.payload, at: Date.now() });
      return;
    }
    if (msg.type !== 'res' || typeof msg.id !== 'string') return;
    const p = this.pending.get(msg.id);
    if (!p) return;
    this.pending.delete(msg.id);
    clearTimeout(p.timer);
    if (msg.ok) p.resolve(msg.payload);
    else {
      const e = (msg.error ?? {}) as { code?: string; message?: string; details?: unknown };
      p.reject(new RequesterRpcError(p.method, e.code ?? '?', e.message ?? '', e.details));
    }
  }
}
