// Profile-aware names of the OpenClaw service: `OPENCLAW_PROFILE=work` suffixes the launchd label,
// the systemd unit and the state dir with the profile name. profileOf validates the name first
// (and throws for one that could leave its folder or break the label).
import path from 'node:path';
import { profileOf } from '../secrets/openclawConfig.ts';

/** `ai.openclaw.gateway`, or `ai.openclaw.<profile>`. */
export function launchdLabel(env: Record<string, string | undefined>): string {
  const p = profileOf(env);
  return p ? `ai.openclaw.${p}` : 'ai.openclaw.gateway';
}

export function launchdPlistPath(env: Record<string, string | undefined>): string {
  return path.join(env.HOME ?? '', 'Library', 'LaunchAgents', `${launchdLabel(env)}.plist`);
}

/** `openclaw-gateway.service`, or `openclaw-gateway-<profile>.service`. */
export function systemdUnit(env: Record<string, string | undefined>): string {
  const p = profileOf(env);
  return p ? `openclaw-gateway-${p}.service` : 'openclaw-gateway.service';
}
