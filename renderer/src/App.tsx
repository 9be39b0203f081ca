import { useCallback, useEffect, useState, useSyncExternalStore } from 'react';
import { Notices } from './components/Notices.tsx';
import { StatusHeader } from './components/StatusHeader.tsx';
import { Tabs, panelId, tabId, type TabDef } from './components/Tabs.tsx';
import { ResultsProvider } from './results.tsx';
import type { CoreFeed } from './coreFeed.ts';
import { useNow } from './useNow.ts';
import { DevicesView } from './views/DevicesView.tsx';
import { FirstRun } from './views/FirstRun.tsx';
import { HistoryView } from './views/HistoryView.tsx';
import { PendingView, type FocusRequest } from './views/PendingView.tsx';
import { SettingsView } from './views/SettingsView.tsx';

type TabKey = 'pending' | 'devices' | 'history' | 'settings';

function Shell({ feed }: { feed: CoreFeed }) {
  const { state, error } = useSyncExternalStore(feed.subscribe, feed.get);
  const now = useNow();
  const [tab, setTab] = useState<TabKey>('pending');
  const [focus, setFocus] = useState<FocusRequest | null>(null);
  useEffect(() => {
    let seq = 0;
    return feed.onFocus((deviceId) => {
      setTab('pending');
      setFocus({ deviceId, seq: ++seq });
    });
  }, [feed]);
  const onFocused = useCallback(() => setFocus(null), []);
  // Leaving the first run lands on Pending.
  const firstRun = state?.firstRun ?? false;
  useEffect(() => {
    if (!firstRun) setTab('pending');
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
  const pending = state.cards.length;
  const tabs: TabDef<TabKey>[] = [
    {
      key: 'pending',
      name: pending ? `Pending (${pending})` : 'Pending',
      label: <>Pending{pending > 0 && <span className="count">{pending}</span>}</>,
    },
    { key: 'devices', name: 'Devices', label: 'Devices' },
    { key: 'history', name: 'History', label: 'History' },
    { key: 'settings', name: 'Settings', label: 'Settings' },
  ];
  return (
    <div className="app">
      <StatusHeader state={state} now={now} compact={state.firstRun} />
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
                <PendingView cards={state.cards} now={now} focus={focus} onFocused={onFocused} />
              )}
              {tab === 'devices' && (
                <DevicesView devices={state.devices} features={state.features} now={now} />
              )}
              {tab === 'history' && <HistoryView state={state} />}
              {tab === 'settings' && <SettingsView state={state} now={now} />}
            </div>
          </>
        )}
      </main>
    </div>
  );
}

/** `feed` is null when the page has no bridge (opened outside Clawbar). */
export function App({ feed }: { feed: CoreFeed | null }) {
  if (!feed) {
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
    <ResultsProvider>
      <Shell feed={feed} />
    </ResultsProvider>
  );
}
