// A plugin asks before a sensitive tool action: its title, description, severity, the tool (or MCP
// tool) and the reviewer-only detail. The buttons are exactly the request's allowed decisions.
import type { InboxItem } from '../../../electron/core/contract/contract.ts';
import { ApprovalCardFrame, CopyButton } from './ExecApprovalCardView.tsx';

export type PluginItem = Extract<InboxItem, { kind: 'plugin' }>;

const SEVERITY = { info: 'Info', warning: 'Warning', critical: 'Critical' } as const;

export function PluginApprovalCardView({ item, now }: { item: PluginItem; now: number }) {
  const p = item.plugin;
  return (
    <ApprovalCardFrame
      item={item}
      now={now}
      heading={p.title}
      badge={{ className: `severity-${p.severity}`, text: SEVERITY[p.severity] }}
      name={`“${p.title}”`}
    >
      <p className="who">
        {p.plugin ? `Plugin ${p.plugin}` : 'A plugin'}
        {p.agent && ` · agent ${p.agent}`}
        {p.session && ` · ${p.session}`}
      </p>
      <p className="description">{p.description}</p>
      {p.scope && <p className="scope-summary">{p.scope.text}</p>}
      <dl className="facts">
        {p.mcpTool ? (
          <>
            <dt>MCP tool</dt>
            <dd>{p.mcpTool}</dd>
          </>
        ) : (
          p.tool && (
            <>
              <dt>Tool</dt>
              <dd>{p.tool}</dd>
            </>
          )
        )}
      </dl>
      {p.detail && (
        <details>
          <summary>Detail</summary>
          <div className="command-box">
            <pre className="command-preview" tabIndex={0} aria-label="Detail">
              {p.detail}
            </pre>
            <CopyButton text={p.detail} what="detail" />
          </div>
        </details>
      )}
    </ApprovalCardFrame>
  );
}
