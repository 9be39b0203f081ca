// A 2026.9.6 gateway of its own with automations (cron) on and one model provider: the loopback model
// stand-in (stallingModel.ts). Only an active isolated cron run makes the gateway treat an exec approval
// as an automation's, and only then does "Always allow" mint a standing grant (9.6's
// src/infra/cron-run-exec-source.ts: an in-memory map of active cron run ids, filled by the isolated
// agent executor; `exec.approval.request` looks its `runId` up there).
import path from 'node:path';
import { startGateway, tempDir, type TestGateway } from './gateway.ts';
import { gatewayConfig, writeGatewayConfig } from './gatewayConfig.ts';
import { freePortRange } from './ports.ts';

export const STAND_IN_MODEL = 'stand-in/model';

export async function startCronGateway(modelBaseUrl: string): Promise<TestGateway> {
  const dir = tempDir('clawbar-gw-cron-');
  const port = await freePortRange();
  const token = `cron-${Math.random().toString(36).slice(2)}${Date.now().toString(36)}`;
  const cfg = gatewayConfig({
    version: '2026.9.6',
    port,
    token,
    logFile: path.join(dir, 'gateway.jsonl'),
  });
  cfg.cron = { enabled: true };
  cfg.models = {
    catalogRefresh: { enabled: false },
    mode: 'merge',
    providers: {
      'stand-in': {
        baseUrl: modelBaseUrl,
        apiKey: 'stand-in',
        api: 'openai-completions',
        timeoutSeconds: 300,
        models: [
          {
            id: 'model',
            name: 'Stand-in',
            reasoning: false,
            input: ['text'],
            cost: { input: 0, output: 0, cacheRead: 0, cacheWrite: 0 },
            contextWindow: 128000,
            maxTokens: 1024,
          },
        ],
      },
    },
  };
  cfg.agents = { defaults: { model: { primary: STAND_IN_MODEL } } };
  // start() keeps a config that is already there.
  writeGatewayConfig(path.join(dir, 'openclaw.json'), cfg);
  return startGateway({ version: '2026.9.6', dir, port, token });
}
