// Settings that could send the gateway token elsewhere or choose what Clawbar runs: a gateway URL on
// another host, the OpenClaw program's path, plain ws:// to a remote gateway. Each is confirmed in the
// main process (the confirmation port) before it takes effect; the panel cannot skip it.
import type { EditableSettings } from '../contract/views.ts';
import type { ConfirmRequest } from './types.ts';

function hostOf(url: string): string | undefined {
  try {
    return new URL(url).hostname.toLowerCase();
  } catch {
    return undefined;
  }
}

/** The questions a settings change needs answered, in the order they are asked (none: apply at once). */
export function settingsQuestions(
  before: Pick<EditableSettings, 'gatewayUrl' | 'openclawPath' | 'allowInsecureRemote'>,
  patch: Partial<EditableSettings>,
): ConfirmRequest[] {
  const out: ConfirmRequest[] = [];
  if (patch.gatewayUrl !== undefined && hostOf(patch.gatewayUrl) !== hostOf(before.gatewayUrl)) {
    const host = hostOf(patch.gatewayUrl) ?? patch.gatewayUrl;
    out.push({
      purpose: 'settings-change',
      title: `Connect to the gateway at ${host}?`,
      message: `Clawbar will connect to ${patch.gatewayUrl} instead of ${before.gatewayUrl}, signing in with its device identity and only a token saved for the new address (the token for ${before.gatewayUrl} is never sent there). Confirm only if you set this address yourself.`,
      confirmLabel: 'Connect',
    });
  }
  if (patch.openclawPath && patch.openclawPath !== before.openclawPath) {
    out.push({
      purpose: 'settings-change',
      title: 'Use this program as OpenClaw?',
      message: `Clawbar will run ${patch.openclawPath} to start, stop and check the gateway. Confirm only if this is your OpenClaw install.`,
      confirmLabel: 'Use it',
    });
  }
  if (patch.allowInsecureRemote === true && !before.allowInsecureRemote) {
    out.push({
      purpose: 'settings-change',
      title: 'Allow unencrypted connections to a remote gateway?',
      message:
        'With a plain ws:// address on another machine, your gateway token travels over the network unencrypted, and anyone on the way can read it. Prefer wss://.',
      confirmLabel: 'Allow',
    });
  }
  return out;
}
