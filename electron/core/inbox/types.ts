// What a source of decisions (device requests today; exec and plugin approvals next) gives the inbox.
// A new kind of decision is one folder that implements DecisionSource.
import type { DecisionAction, InboxItem } from '../contract/views.ts';

type DistributiveOmit<T, K extends PropertyKey> = T extends unknown ? Omit<T, K> : never;

/**
 * An item as its source sees it: what it asks and how to show it. The inbox adds what it owns: the
 * revision (from the fingerprint), when that revision began, and "Not now".
 */
export type SourceItem = DistributiveOmit<InboxItem, 'revision' | 'revisedAt' | 'snoozed'> & {
  /** Everything the item asks, in a canonical form: a new value is a new revision. */
  fingerprint: string;
};

export interface DecisionSource {
  /** The source's pending items, in its display order. */
  items(): readonly SourceItem[];
  /** Called after every change of items() (including busy or notice changes that keep the revision). */
  onChange(listener: () => void): () => void;
}

/** What a live notification that stands for a group shows besides its item: the group and the count. */
export interface LiveShown {
  group: string;
  /** How many other items of the group it counts ("+4 more"). */
  more: number;
}

/** The actions a decision offers from a notification or the tray, defined once for every kind. */
export const APPROVE_OR_NOT_NOW: readonly DecisionAction[] = [
  { id: 'approve', label: 'Approve' },
  { id: 'not-now', label: 'Not now' },
];
