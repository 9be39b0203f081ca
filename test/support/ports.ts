import net from 'node:net';

function canListen(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const srv = net.createServer();
    srv.once('error', () => resolve(false));
    srv.listen({ port, host: '127.0.0.1', exclusive: true }, () => srv.close(() => resolve(true)));
  });
}

/**
 * A loopback port P such that P..P+span-1 are all free: the gateway also binds helpers next to its
 * own port (browser control on P+2). Chosen below Linux's ephemeral range (32768+): a port in it can
 * be taken by any outgoing loopback connection between this check and the gateway's bind (seen: a
 * shared gateway failing to start with EADDRINUSE).
 */
export async function freePortRange(span = 6): Promise<number> {
  for (let attempt = 0; attempt < 200; attempt++) {
    const base = 20000 + Math.floor(Math.random() * (32000 - 20000));
    let ok = true;
    for (let p = base; p < base + span && ok; p++) ok = await canListen(p);
    if (ok) return base;
  }
  throw new Error('no free loopback port range found');
}
