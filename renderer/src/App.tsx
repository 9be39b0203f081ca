import { useCallback, useEffect, useRef, useState, useSyncExternalStore } from 'react';
import type { ClawbarBridge, FocusRequest, PanelView } from '../../electron/core/contract/contract.ts';
import { BridgeProvider } from './bridgeContext.tsx';
import { ConfirmDialog } from './components/ConfirmDialog.tsx';
import { Notices } from './components/Notices.tsx';
import { StatusHeader } from './components/StatusHeader.tsx';
import { Tabs, panelId, tabId, type TabDef } from './components/Tabs.tsx';
import { ResultsProvider } from './results.tsx';
import type { CoreFeed } from './coreFeed.ts';
import { useNow } from './useNow.ts';
import { DevicesView } from './views/DevicesView.tsx';
import { FirstRun } from './views/FirstRun.tsx';
import { HistoryView } from './views/HistoryView.tsx';
import { GrantsView } from './views/GrantsView.tsx';
import { PendingView, isApprovalItem, splitInbox } from './views/PendingView.tsx';
import { SettingsView } from './views/SettingsView.tsx';

/** A focus request from the core, numbered so that the same request twice focuses twice. */
type PanelFocus = FocusRequest & { seq: number };

function Shell({ feed }: { feed: CoreFeed }) {
  const { state, error } = useSyncExternalStore(feed.subscribe, feed.get);
  const now = useNow();
  const [tab, setTab] = useState<PanelView>('pending');
  const [focus, setFocus] = useState<PanelFocus | null>(null);
  useEffect(() => {
    let seq = 0;
    return feed.onFocus((request) => {
      setTab(request.view);
      setFocus({ ...request, seq: ++seq });
    });
  }, [feed]);
  const onFocused = useCallback(() => setFocus(null), []);
  // Leaving the first run lands on Pending (only the change does: a focus request may have chosen a screen).
  const firstRun = state?.firstRun ?? false;
  const wasFirstRun = useRef(firstRun);
  useEffect(() => {
    if (wasFirstRun.current && !firstRun) setTab('pending');
    wasFirstRun.current = firstRun;
  }, [firstRun]);

  if (error && !state) {
    return (
      <main className="app">
        <p className="result error" role="alert">
          Clawbar could not load its state: {error}
        </p>
      </main>
    );
  }
  if (!state) {
    return (
      <main className="app">
        <p className="muted" role="status">
          Loading…
        </p>
      </main>
    );
  }
  const pending = splitInbox(state.inbox).shown.length + state.inbox.filter(isApprovalItem).length;
  const tabs: TabDef<PanelView>[] = [
    {
      key: 'pending',
      name: pending ? `Pending (${pending})` : 'Pending',
      label: <>Pending{pending > 0 && <span className="count">{pending}</span>}</>,
    },
    { key: 'devices', name: 'Devices', label: 'Devices' },
    { key: 'history', name: 'History', label: 'History' },
    { key: 'settings', name: 'Settings', label: 'Settings' },
  ];
  const pendingFocus = focus?.view === 'pending' && focus.key ? { key: focus.key, seq: focus.seq } : null;
  const deviceFocus =
    focus?.view === 'devices' && focus.deviceId ? { deviceId: focus.deviceId, seq: focus.seq } : null;
  return (
    <div className="app">
      <StatusHeader
        state={state}
        now={now}
        compact={state.firstRun}
        onOpenSettings={() => setTab('settings')}
      />
      <Notices notices={state.notices} now={now} />
      <main>
        {state.firstRun ? (
          <FirstRun state={state} now={now} />
        ) : (
          <>
            <Tabs tabs={tabs} active={tab} onSelect={setTab} />
            <div
              role="tabpanel"
              id={panelId(tab)}
              aria-labelledby={tabId(tab)}
              tabIndex={0}
              className="panel"
            >
              {tab === 'pending' && (
                <PendingView inbox={state.inbox} now={now} focus={pendingFocus} onFocused={onFocused} />
              )}
              {tab === 'devices' && (
                <DevicesView
                  devices={state.devices}
                  inbox={state.inbox}
                  features={state.features}
                  now={now}
                  focus={deviceFocus}
                  onFocused={onFocused}
                />
              )}
              {/* Standing grants are lasting access, like a paired device: not a decision waiting. */}
              {tab === 'devices' && <GrantsView features={state.features} />}
              {tab === 'history' && <HistoryView state={state} />}
              {tab === 'settings' && <SettingsView state={state} now={now} />}
            </div>
          </>
        )}
      </main>
    </div>
  );
}

/** The page's bridge and its feed; null when the page has no bridge (opened outside Clawbar). */
export interface PanelRoot {
  bridge: ClawbarBridge;
  feed: CoreFeed;
}

export function App({ root }: { root: PanelRoot | null }) {
  if (!root) {
    return (
      <main className="app">
        <p className="result error" role="alert">
          This page is Clawbar’s panel and needs Clawbar to run. Open it from the menu bar icon, or start{' '}
          <code>npm run preview</code> and open the address it prints.
        </p>
      </main>
    );
  }
  return (
    <BridgeProvider bridge={root.bridge}>
      <ResultsProvider>
        <Shell feed={root.feed} />
        <ConfirmDialog />
      </ResultsProvider>
    </BridgeProvider>
  );
}
