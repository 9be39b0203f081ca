// Settings: gateway URL (and plain ws:// to a remote gateway), token, identity, confirming approvals,
// launch at login, keeping the gateway running, notifications.
import { useEffect, useId, useState } from 'react';
import type {
  AppState,
  EditableSettings,
  KeepRunningMode,
} from '../../../electron/core/contract/contract.ts';
import { useBridge } from '../bridgeContext.tsx';
import { ConfirmButton } from '../components/ConfirmButton.tsx';
import { ServicePanel } from '../components/ServicePanel.tsx';
import { ForgetToken, TokenEntry, TokenImport, TokenStatus } from '../components/TokenSetup.tsx';
import { ResultLines, useAction } from '../results.tsx';

const KEEP_RUNNING: { value: KeepRunningMode; label: string }[] = [
  { value: 'auto', label: 'Automatically (first that applies)' },
  { value: 'launchd', label: 'launchd login service' },
  { value: 'systemd', label: 'systemd user service' },
  { value: 'supervised', label: 'Clawbar starts and watches it' },
  { value: 'none', label: 'Not at all (I run it myself)' },
];

/** Boolean settings saved as they are toggled, with nothing to confirm. */
type PlainToggleSetting = 'startGatewayWithClawbar' | 'stopSupervisedOnQuit' | 'notifications';

export function GatewayUrlForm({ url }: { url: string }) {
  const bridge = useBridge();
  const action = useAction('settings:url');
  const [value, setValue] = useState(url);
  useEffect(() => setValue(url), [url]);
  return (
    <form
      className="inline-form"
      onSubmit={(e) => {
        e.preventDefault();
        void action.run('Save gateway URL', () => bridge.updateSettings({ gatewayUrl: value.trim() }));
      }}
    >
      <label>
        Gateway URL
        <input
          type="url"
          value={value}
          onChange={(e) => setValue(e.target.value)}
          spellCheck={false}
          required
        />
      </label>
      <button type="submit" disabled={value.trim() === url || action.busy !== null}>
        Save URL
      </button>
      <ResultLines entries={action.results} onDismiss={action.dismiss} />
    </form>
  );
}

function Toggle({
  label,
  explain,
  checked,
  disabled,
  onChange,
}: {
  label: string;
  /** One line under the toggle saying what it does, in plain words. */
  explain?: string;
  checked: boolean;
  disabled?: boolean;
  onChange: (v: boolean) => void;
}) {
  const explainId = useId();
  return (
    <>
      <label className="toggle">
        <input
          type="checkbox"
          checked={checked}
          disabled={disabled}
          aria-describedby={explain ? explainId : undefined}
          onChange={(e) => onChange(e.target.checked)}
        />
        {label}
      </label>
      {explain && (
        <p id={explainId} className="toggle-explain small-text muted">
          {explain}
        </p>
      )}
    </>
  );
}

export function SettingsView({ state, now }: { state: AppState; now: number }) {
  const bridge = useBridge();
  const { settings, secrets, login, service } = state;
  const prefs = useAction('settings:prefs');
  const loginAction = useAction('settings:login');
  const identity = useAction('settings:identity');
  const notify = useAction('settings:notify');
  const safety = useAction('settings:safety');
  const remote = useAction('settings:remote');
  const update = (label: string, patch: Partial<EditableSettings>) =>
    void prefs.run(label, () => bridge.updateSettings(patch));
  /** A toggle whose change is saved at once under the `what` of its result line. */
  const savedToggle = (key: PlainToggleSetting, label: string, what: string) => (
    <Toggle label={label} checked={settings[key]} onChange={(v) => update(what, { [key]: v })} />
  );
  return (
    <section aria-label="Settings" className="settings">
      <fieldset>
        <legend>Gateway</legend>
        <GatewayUrlForm url={settings.gatewayUrl} />
        <Toggle
          label="Allow an unencrypted connection to a gateway on another machine"
          explain="For a ws:// address on another machine: your gateway token then crosses the network unencrypted. You confirm it when turning it on."
          checked={settings.allowInsecureRemote ?? false}
          disabled={remote.busy !== null}
          onChange={(v) =>
            void remote.run(
              v ? 'Allow unencrypted remote connections' : 'Refuse unencrypted remote connections',
              () => bridge.updateSettings({ allowInsecureRemote: v }),
            )
          }
        />
        <ResultLines entries={remote.results} onDismiss={remote.dismiss} />
      </fieldset>

      <fieldset>
        <legend>Approving</legend>
        <Toggle
          label="Confirm every approval"
          explain="Ask for Touch ID or a confirmation before every approval, not only for full control or a new role."
          checked={settings.confirmEveryApproval ?? false}
          disabled={safety.busy !== null}
          onChange={(v) =>
            void safety.run(v ? 'Confirm every approval' : 'Confirm only critical approvals', () =>
              bridge.updateSettings({ confirmEveryApproval: v }),
            )
          }
        />
        <ResultLines entries={safety.results} onDismiss={safety.dismiss} />
      </fieldset>

      <fieldset>
        <legend>Gateway token</legend>
        <TokenStatus secrets={secrets} />
        <TokenEntry present={secrets.tokenPresent} />
        <TokenImport />
        {secrets.tokenPresent && <ForgetToken />}
      </fieldset>

      <fieldset>
        <legend>Clawbar’s identity</legend>
        {secrets.identity ? (
          <p>
            Device ID <code className="wrap">{secrets.identity.deviceId}</code>
          </p>
        ) : (
          <p className="muted">No identity yet: one is created when Clawbar first connects.</p>
        )}
        <ConfirmButton
          label="Forget identity and pair again"
          title="Forget Clawbar’s identity?"
          message={
            <p>
              Clawbar deletes its device key and device token and pairs as a new device. The old device record
              stays on the gateway until you remove it.
            </p>
          }
          confirmLabel="Forget identity"
          danger
          disabled={identity.busy !== null}
          onConfirm={() => void identity.run('Forget identity', () => bridge.forgetIdentity())}
        />
        <ResultLines entries={identity.results} onDismiss={identity.dismiss} />
      </fieldset>

      <fieldset>
        <legend>Start at login</legend>
        <Toggle
          label="Open Clawbar at login"
          checked={settings.launchAtLogin}
          disabled={loginAction.busy !== null || login.state === 'unsupported'}
          onChange={(v) =>
            void loginAction.run(v ? 'Open at login' : 'Do not open at login', () =>
              bridge.setLaunchAtLogin(v),
            )
          }
        />
        <p className={`small-text login-${login.state}`} role="status">
          {login.message}
        </p>
        {login.canOpenSettings && (
          <button
            type="button"
            onClick={() =>
              void loginAction.run('Open Login Items settings', () => bridge.openLoginItemSettings())
            }
          >
            Open Login Items in System Settings
          </button>
        )}
        <ResultLines entries={loginAction.results} onDismiss={loginAction.dismiss} />
      </fieldset>

      <fieldset>
        <legend>Keep the gateway running</legend>
        <label>
          How
          <select
            value={settings.keepRunning}
            onChange={(e) =>
              update('Keep the gateway running', { keepRunning: e.target.value as KeepRunningMode })
            }
          >
            {KEEP_RUNNING.map((k) => (
              <option key={k.value} value={k.value}>
                {k.label}
              </option>
            ))}
          </select>
        </label>
        {savedToggle(
          'startGatewayWithClawbar',
          'Start the gateway when Clawbar starts',
          'Start the gateway with Clawbar',
        )}
        {savedToggle(
          'stopSupervisedOnQuit',
          'Stop a gateway Clawbar started when Clawbar quits',
          'Stop the gateway on quit',
        )}
        <ResultLines entries={prefs.results} onDismiss={prefs.dismiss} />
        <ServicePanel service={service} now={now} />
      </fieldset>

      <fieldset>
        <legend>Notifications</legend>
        {savedToggle('notifications', 'Notify me when something waits for my decision', 'Notifications')}
        <button
          type="button"
          disabled={notify.busy !== null}
          onClick={() => void notify.run('Test notification', () => bridge.sendTestNotification())}
        >
          Send a test notification
        </button>
        <ResultLines entries={notify.results} onDismiss={notify.dismiss} />
      </fieldset>
    </section>
  );
}
