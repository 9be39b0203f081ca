// The stand-in `window.clawbar` for panel tests: the bridge replaced at its boundary. It answers every
// request in the contract, records the calls, and lets the test push `state`/`focus` events and choose
// answers (a result, a thrown error, or no answer at all).
import type { Page } from '@playwright/test';
import { REQUEST_NAMES } from '../../electron/core/contract/contract.ts';
import type {
  ActionResult,
  AppState,
  ClawbarEvents,
  DoctorFinding,
  HistoryEntry,
  RequestName,
  TokenImportPreview,
} from '../../electron/core/contract/contract.ts';

export type Answer = ActionResult | { throws: string } | { hangs: true };

export interface FakeBridgeInit {
  state: AppState;
  history?: HistoryEntry[];
  preview?: TokenImportPreview;
  doctor?: DoctorFinding[];
  answers?: Partial<Record<RequestName, Answer>>;
}

export interface RecordedCall {
  name: RequestName;
  args: unknown[];
}

interface TestHandle {
  calls: RecordedCall[];
  emit(event: string, payload: unknown): void;
  answer(name: string, value: Answer): void;
}

/** Runs in the page before any of its scripts; must be self-contained (it is serialized). */
function install(init: FakeBridgeInit & { names: readonly string[] }): void {
  const listeners: Record<string, Set<(p: unknown) => void>> = { state: new Set(), focus: new Set() };
  const calls: RecordedCall[] = [];
  const answers: Record<string, Answer | undefined> = { ...init.answers };
  let state = init.state;
  const reply = (name: string, args: unknown[], fallback: unknown): Promise<unknown> => {
    calls.push({ name: name as RequestName, args: JSON.parse(JSON.stringify(args)) as unknown[] });
    const a = answers[name];
    if (a && 'throws' in a) return Promise.reject(new Error(a.throws));
    if (a && 'hangs' in a) return new Promise(() => {});
    return Promise.resolve(a ?? fallback);
  };
  const bridge: Record<string, unknown> = {
    on(event: string, listener: (p: unknown) => void) {
      listeners[event]?.add(listener);
      return () => listeners[event]?.delete(listener);
    },
  };
  for (const name of init.names) bridge[name] = (...args: unknown[]) => reply(name, args, { ok: true });
  bridge.getState = () => reply('getState', [], state);
  bridge.getHistory = (limit: number) => reply('getHistory', [limit], (init.history ?? []).slice(0, limit));
  bridge.previewTokenImport = () =>
    reply(
      'previewTokenImport',
      [],
      init.preview ?? { found: false, message: 'No token found in the OpenClaw config.' },
    );
  bridge.runDoctor = () => reply('runDoctor', [], init.doctor ?? []);
  const handle: TestHandle = {
    calls,
    emit(event, payload) {
      if (event === 'state') state = payload as AppState;
      for (const l of listeners[event] ?? []) l(payload);
    },
    answer(name, value) {
      answers[name] = value;
    },
  };
  Object.assign(window, { clawbar: bridge, __clawbarTest: handle });
}

export async function installFakeBridge(page: Page, init: FakeBridgeInit): Promise<void> {
  await page.addInitScript(install, { ...init, names: REQUEST_NAMES });
}

type Handle = { __clawbarTest: TestHandle };

export async function calls(page: Page, name?: RequestName): Promise<RecordedCall[]> {
  const all = await page.evaluate(() => (window as unknown as Handle).__clawbarTest.calls);
  return name ? all.filter((c) => c.name === name) : all;
}

export async function emit<E extends keyof ClawbarEvents>(
  page: Page,
  event: E,
  payload: ClawbarEvents[E],
): Promise<void> {
  await page.evaluate(([e, p]) => (window as unknown as Handle).__clawbarTest.emit(e, p), [
    event,
    payload,
  ] as const);
}

export async function answer(page: Page, name: RequestName, value: Answer): Promise<void> {
  await page.evaluate(([n, v]) => (window as unknown as Handle).__clawbarTest.answer(n, v), [
    name,
    value,
  ] as const);
}
