// The generic server side of the bridge: every transport (Electron IPC, the dev host's WebSocket)
// hands the raw name and arguments here; the name must be in the contract and the arguments must
// pass that request's schema before the core sees them. Failures come back as values.
import type { ClawbarRequests } from '../contract/contract.ts';
import { isRequestName } from '../contract/client.ts';
import type { BridgeReply } from '../contract/client.ts';
import { REQUEST_ARGS } from './schemas.ts';
import { errorMessage } from '../contract/errors.ts';

function describeName(name: unknown): string {
  return typeof name === 'string' ? JSON.stringify(name.slice(0, 64)) : typeof name;
}

export async function dispatch(core: ClawbarRequests, name: unknown, args: unknown): Promise<BridgeReply> {
  if (!isRequestName(name)) {
    return { ok: false, code: 'unknown-request', message: `unknown request ${describeName(name)}` };
  }
  const parsed = REQUEST_ARGS[name].safeParse(args);
  if (!parsed.success) {
    const details = parsed.error.issues
      .map(
        (issue) =>
          `${issue.path.length ? `argument ${issue.path.join('.')}` : 'arguments'}: ${issue.message}`,
      )
      .join('; ');
    return { ok: false, code: 'invalid-args', message: `${name}: invalid arguments (${details})` };
  }
  try {
    const method = (core as unknown as Record<string, (...a: unknown[]) => Promise<unknown>>)[name]!;
    const value = await method.apply(core, parsed.data as unknown[]);
    return { ok: true, value };
  } catch (err) {
    // Only the message crosses the boundary (no stack); the core keeps secrets out of its messages.
    return {
      ok: false,
      code: 'failed',
      message: `${name} failed: ${errorMessage(err)}`,
    };
  }
}
