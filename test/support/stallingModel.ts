// A loopback stand-in for an OpenAI-compatible model server (`/v1/chat/completions`), for the one thing
// the offline test gateways cannot do without a model: keep an automation (cron) agent run alive. Each
// completion request is held open until `release()`, then answered with a short text reply, so the
// gateway's isolated cron run stays active while a test files an exec approval for that run.
// It is not a gateway stand-in: the gateway under test is real; this replaces only the LLM provider.
import http from 'node:http';
import type { AddressInfo } from 'node:net';

export interface HeldRequest {
  at: number;
  path: string;
  headers: http.IncomingHttpHeaders;
  body: unknown;
}

export class StallingModel {
  readonly requests: HeldRequest[] = [];
  private readonly held: (() => void)[] = [];
  private released = false;
  private readonly server: http.Server;
  readonly port: number;
  private constructor(server: http.Server, port: number) {
    this.server = server;
    this.port = port;
  }

  static async start(reply = 'done'): Promise<StallingModel> {
    const ref: { model?: StallingModel } = {};
    const server = http.createServer((req, res) => {
      let raw = '';
      req.on('data', (d: Buffer) => (raw += d.toString('utf8')));
      req.on('end', () => ref.model?.onRequest(req, res, raw, reply));
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    ref.model = new StallingModel(server, (server.address() as AddressInfo).port);
    return ref.model;
  }

  get baseUrl(): string {
    return `http://127.0.0.1:${this.port}/v1`;
  }

  /** Resolves when a completion request is being held (the run is active). */
  async waitForHeld(timeoutMs = 120_000): Promise<HeldRequest> {
    const deadline = Date.now() + timeoutMs;
    while (Date.now() < deadline) {
      const last = this.requests.at(-1);
      if (last && this.held.length > 0) return last;
      await new Promise((r) => setTimeout(r, 50));
    }
    throw new Error(`the model stand-in got no completion request within ${timeoutMs} ms`);
  }

  /** Answers every held request (and every later one at once). */
  release(): void {
    this.released = true;
    for (const answer of this.held.splice(0)) answer();
  }

  async stop(): Promise<void> {
    this.release();
    this.server.closeAllConnections();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }

  private onRequest(req: http.IncomingMessage, res: http.ServerResponse, raw: string, reply: string): void {
    let body: unknown = raw;
    try {
      body = JSON.parse(raw) as unknown;
    } catch {
      /* keep the text */
    }
    const url = req.url ?? '/';
    if (!url.endsWith('/chat/completions')) {
      res.writeHead(url.endsWith('/models') ? 200 : 404, { 'content-type': 'application/json' });
      res.end(JSON.stringify({ object: 'list', data: [] }));
      return;
    }
    this.requests.push({ at: Date.now(), path: url, headers: req.headers, body });
    const stream =
      typeof body === 'object' && body !== null && (body as { stream?: unknown }).stream === true;
    const answer = () => (stream ? answerStream(res, reply) : answerJson(res, reply));
    if (this.released) answer();
    else this.held.push(answer);
  }
}

const usage = { prompt_tokens: 1, completion_tokens: 1, total_tokens: 2 };

function answerJson(res: http.ServerResponse, reply: string): void {
  res.writeHead(200, { 'content-type': 'application/json' });
  res.end(
    JSON.stringify({
      id: 'chatcmpl-stand-in',
      object: 'chat.completion',
      created: Math.floor(Date.now() / 1000),
      model: 'stand-in',
      choices: [{ index: 0, message: { role: 'assistant', content: reply }, finish_reason: 'stop' }],
      usage,
    }),
  );
}

function answerStream(res: http.ServerResponse, reply: string): void {
  res.writeHead(200, { 'content-type': 'text/event-stream', 'cache-control': 'no-cache' });
  const chunk = (choice: Record<string, unknown>, extra: Record<string, unknown> = {}) =>
    `data: ${JSON.stringify({
      id: 'chatcmpl-stand-in',
      object: 'chat.completion.chunk',
      created: Math.floor(Date.now() / 1000),
      model: 'stand-in',
      choices: [{ index: 0, ...choice }],
      ...extra,
    })}\n\n`;
  res.write(chunk({ delta: { role: 'assistant', content: reply }, finish_reason: null }));
  res.write(chunk({ delta: {}, finish_reason: 'stop' }, { usage }));
  res.end('data: [DONE]\n\n');
}
