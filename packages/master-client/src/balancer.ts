import { Pool } from "undici";

/**
 * Several masters behind one client: a keep-alive undici pool per master, chosen round
 * robin among those in service. A master that refuses a connection (or answers that it is
 * not ready) is ejected at once; each master's `/readyz` is probed every `probeMs`, which
 * re-admits a master once it answers ready again and ejects one that starts draining (a
 * master stopping fails its readiness first), so requests stop going to it before it stops
 * listening. With one master nothing is ever ejected or probed.
 *
 * Why not undici's BalancedPool: it lowers a failing upstream's weight but keeps sending it
 * a share of requests, and it cannot see a master that is draining, only one that is gone.
 */

export interface Upstream {
  readonly origin: string;
  readonly pool: Pool;
}

export interface BalancerOptions {
  origins: string[];
  poolOptions: Pool.Options;
  /** How often masters' readiness is probed (only while there are several). Default 1,000 ms. */
  probeMs?: number;
  /** Sent with each probe. */
  headers?: Record<string, string>;
}

export interface Balancer {
  /** The next master in service, skipping those in `tried`; an ejected one when none is. */
  pick(tried?: ReadonlySet<Upstream>): Upstream | undefined;
  /** Stops sending to this master until a probe finds it ready again. */
  eject(upstream: Upstream): void;
  readonly upstreams: readonly Upstream[];
  /** How many masters are in service. */
  inService(): number;
  close(): Promise<void>;
}

export function createBalancer(o: BalancerOptions): Balancer {
  const upstreams: Upstream[] = o.origins.map((origin) => ({ origin, pool: new Pool(origin, o.poolOptions) }));
  const ejected = new Set<Upstream>();
  let next = 0;
  let probing: NodeJS.Timeout | undefined;

  async function probe(u: Upstream) {
    try {
      const res = await u.pool.request({ method: "GET", path: "/readyz", headers: o.headers, headersTimeout: 1_000, bodyTimeout: 1_000 });
      await res.body.dump();
      if (res.statusCode === 200) ejected.delete(u);
      else ejected.add(u);
    } catch {
      ejected.add(u);
    }
  }

  if (upstreams.length > 1) {
    // One round at a time: a round still waiting on a hung master is not doubled.
    let round: Promise<unknown> | undefined;
    probing = setInterval(() => {
      round ??= Promise.all(upstreams.map(probe)).finally(() => (round = undefined));
    }, o.probeMs ?? 1_000).unref();
  }

  return {
    upstreams,
    pick(tried) {
      const n = upstreams.length;
      let fallback: Upstream | undefined;
      for (let i = 0; i < n; i++) {
        const u = upstreams[(next + i) % n]!;
        if (tried?.has(u)) continue;
        if (!ejected.has(u)) {
          next = (next + i + 1) % n;
          return u;
        }
        fallback ??= u;
      }
      // None in service: the ejected ones in turn, so that one of them is tried again.
      next = (next + 1) % n;
      return fallback;
    },
    eject(u) {
      if (upstreams.length > 1) ejected.add(u);
    },
    inService: () => upstreams.length - ejected.size,
    async close() {
      clearInterval(probing);
      await Promise.all(upstreams.map((u) => u.pool.close()));
    },
  };
}
