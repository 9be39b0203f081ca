// The operator scope vocabulary (`operator.read|write|admin|approvals|pairing`): plain-language labels, a risk level
// each, and the gateway's satisfaction rule, so cards and the approve guard speak the same language.
import type { Risk, Scope, ScopeLine } from '../contract/views.ts';

interface ScopeInfo {
  /** Plain-language label for lists ("read status"). */
  label: string;
  /** Shorter form for one-line summaries and notification titles ("read"). */
  short: string;
  risk: Risk;
}

const VOCABULARY: Record<string, ScopeInfo> = {
  'operator.admin': { label: 'full control (admin)', short: 'full control (admin)', risk: 'critical' },
  'operator.pairing': { label: 'pair devices', short: 'pair devices', risk: 'high' },
  'operator.approvals': { label: 'manage approvals', short: 'manage approvals', risk: 'high' },
  'operator.talk.secrets': { label: 'use talk secrets', short: 'use talk secrets', risk: 'high' },
  'operator.write': { label: 'make changes', short: 'make changes', risk: 'medium' },
  'operator.sessions.write': { label: 'change sessions', short: 'change sessions', risk: 'medium' },
  'operator.talk': { label: 'talk to agents', short: 'talk to agents', risk: 'medium' },
  'operator.questions': { label: 'answer questions', short: 'answer questions', risk: 'medium' },
  'operator.sessions.read': { label: 'read sessions', short: 'read sessions', risk: 'low' },
  'operator.read': { label: 'read status', short: 'read', risk: 'low' },
};

export const KNOWN_SCOPES: readonly Scope[] = Object.keys(VOCABULARY);

const RISK_ORDER: readonly Risk[] = ['low', 'medium', 'high', 'critical'];

export function riskRank(risk: Risk): number {
  return RISK_ORDER.indexOf(risk);
}

export function maxRisk(risks: Iterable<Risk>, floor: Risk = 'low'): Risk {
  let best = floor;
  for (const r of risks) if (riskRank(r) > riskRank(best)) best = r;
  return best;
}

/** Unknown scopes are shown by name and rated high: never under-state what a device asks for. */
function info(scope: Scope): ScopeInfo {
  return VOCABULARY[scope] ?? { label: scope, short: scope, risk: 'high' };
}

export function scopeLabel(scope: Scope): string {
  return info(scope).label;
}

export function scopeShortLabel(scope: Scope): string {
  return info(scope).short;
}

export function scopeRisk(scope: Scope): Risk {
  return info(scope).risk;
}

export function scopeLine(scope: Scope): ScopeLine {
  const i = info(scope);
  return { scope, label: i.label, risk: i.risk };
}

/** Does holding `held` grant `wanted`? admin grants every operator scope, write grants read, else exact. */
export function satisfies(held: readonly Scope[], wanted: Scope): boolean {
  if (held.includes(wanted)) return true;
  if (wanted.startsWith('operator.') && held.includes('operator.admin')) return true;
  if (wanted === 'operator.read' && held.includes('operator.write')) return true;
  return false;
}

/** The approve guard: every requested scope is covered by what the user was shown. */
export function scopesWithin(requested: readonly Scope[], shown: readonly Scope[]): boolean {
  return requested.every((s) => satisfies(shown, s));
}

export interface ScopeDiff {
  /** What the device holds already (empty for a new device). */
  alreadyAllowed: ScopeLine[];
  /** Requested scopes the device does not hold yet. */
  adds: ScopeLine[];
  /** True when the device is not paired at all. */
  newDevice: boolean;
}

function unique(scopes: readonly Scope[]): Scope[] {
  return [...new Set(scopes)];
}

/** `paired` undefined = a device that is not paired yet. */
export function scopeDiff(paired: readonly Scope[] | undefined, requested: readonly Scope[]): ScopeDiff {
  const held = paired ?? [];
  return {
    alreadyAllowed: unique(held).map(scopeLine),
    adds: unique(requested)
      .filter((s) => !satisfies(held, s))
      .map(scopeLine),
    newDevice: paired === undefined,
  };
}

/** The highest risk among what the request would add. */
export function diffRisk(diff: ScopeDiff): Risk {
  return maxRisk(diff.adds.map((l) => l.risk));
}

function shortList(lines: readonly ScopeLine[]): string {
  return lines.map((l) => scopeShortLabel(l.scope)).join(', ');
}

/** "already allowed: read · adds: manage approvals"; "asks for: read, make changes" for a new device. */
export function scopeSummary(diff: ScopeDiff): string {
  if (diff.newDevice || diff.alreadyAllowed.length === 0) {
    return diff.adds.length ? `asks for: ${shortList(diff.adds)}` : 'asks for: no scopes';
  }
  const adds = diff.adds.length ? shortList(diff.adds) : 'nothing new';
  return `already allowed: ${shortList(diff.alreadyAllowed)} · adds: ${adds}`;
}

/** "manage approvals", "read and make changes", "a, b and c". */
export function joinShortLabels(lines: readonly ScopeLine[]): string {
  const words = lines.map((l) => scopeShortLabel(l.scope));
  if (words.length <= 1) return words.join('');
  return `${words.slice(0, -1).join(', ')} and ${words[words.length - 1]}`;
}
