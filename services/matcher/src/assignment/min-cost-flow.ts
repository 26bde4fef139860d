/**
 * Min-cost flow for "max profit" problems: send flow from s to t only while a path of negative cost exists,
 * so the result is the cheapest flow of any value. Primal–dual successive shortest paths: Dijkstra on reduced
 * costs (potentials keep them ≥ 0), then every path of reduced cost 0 is augmented by DFS before the next
 * Dijkstra, so equal-length paths cost one search, not one each. Costs must be integers (exact arithmetic).
 *
 * The network must start as a DAG given in topological order (initial potentials come from one pass over it);
 * the assignment network (source → people → posts → sink) is one.
 */
import { MinHeap } from './heap';

export class FlowNetwork {
  readonly head: Int32Array;
  readonly to: number[] = [];
  readonly next: number[] = [];
  readonly cap: number[] = [];
  readonly cost: number[] = [];

  constructor(readonly size: number) {
    this.head = new Int32Array(size).fill(-1);
  }

  /** Adds u → v and its residual twin (index e ^ 1); returns e. */
  addEdge(u: number, v: number, capacity: number, cost: number): number {
    const e = this.to.length;
    this.push(u, v, capacity, cost);
    this.push(v, u, 0, -cost);
    return e;
  }

  /** Units sent along edge e. */
  flowOf(e: number): number {
    return this.cap[e ^ 1] ?? 0;
  }

  private push(u: number, v: number, capacity: number, cost: number) {
    this.to.push(v);
    this.cap.push(capacity);
    this.cost.push(cost);
    this.next.push(this.head[u] ?? -1);
    this.head[u] = this.to.length - 1;
  }
}

export interface FlowResult {
  flow: number;
  cost: number;
  /** Dijkstra searches run (for benchmarks). */
  phases: number;
}

const INF = Number.POSITIVE_INFINITY;

export function maxProfitFlow(
  net: FlowNetwork,
  s: number,
  t: number,
  topoOrder: readonly number[],
): FlowResult {
  const n = net.size;
  // Typed copies: the hot loops run several times faster on them than on growable arrays.
  const head = net.head;
  const to = Int32Array.from(net.to);
  const next = Int32Array.from(net.next);
  const cap = Float64Array.from(net.cap);
  const cost = Float64Array.from(net.cost);
  // Initial potentials: shortest distances from s over the DAG. Nodes s cannot reach never become reachable
  // (augmentations only add edges between reachable nodes), so their potential is irrelevant.
  const pi = new Float64Array(n).fill(INF);
  pi[s] = 0;
  for (const u of topoOrder) {
    const pu = pi[u]!;
    if (pu === INF) continue;
    for (let e = head[u]!; e !== -1; e = next[e]!) {
      const v = to[e]!;
      if (cap[e]! > 0 && pu + cost[e]! < pi[v]!) pi[v] = pu + cost[e]!;
    }
  }
  for (let v = 0; v < n; v++) if (pi[v] === INF) pi[v] = 0;

  const dist = new Float64Array(n);
  const done = new Uint8Array(n);
  const heap = new MinHeap(n);
  const it = new Int32Array(n);
  const dead = new Uint8Array(n);
  const onPath = new Uint8Array(n);
  const path: number[] = [];
  let flow = 0;
  let total = 0;
  let phases = 0;

  for (;;) {
    // Dijkstra on reduced costs, stopped when t is settled; unsettled nodes are clamped to dist(t),
    // which keeps every reduced cost ≥ 0 (min(d(v), d(t)) ≤ min(d(u), d(t)) + rc).
    phases++;
    dist.fill(INF);
    done.fill(0);
    dist[s] = 0;
    heap.clear();
    heap.push(s, 0);
    while (heap.size > 0) {
      const u = heap.pop();
      if (done[u]) continue;
      done[u] = 1;
      if (u === t) break;
      const du = dist[u]!;
      const pu = pi[u]!;
      for (let e = head[u]!; e !== -1; e = next[e]!) {
        if (cap[e]! <= 0) continue;
        const v = to[e]!;
        if (done[v]) continue;
        const nd = du + cost[e]! + pu - pi[v]!;
        if (nd < dist[v]!) {
          dist[v] = nd;
          heap.push(v, nd);
        }
      }
    }
    if (!done[t]) break;
    const dt = dist[t]!;
    for (let v = 0; v < n; v++) pi[v] = pi[v]! + (done[v] ? dist[v]! : dt);
    // Actual cost of the cheapest path; from here on more flow would not pay.
    const pathCost = pi[t]! - pi[s]!;
    if (pathCost >= 0) break;

    // Augment along admissible (reduced cost 0) edges until none leads to t.
    it.set(head);
    dead.fill(0);
    for (;;) {
      let u = s;
      onPath[s] = 1;
      while (u !== t) {
        let e = it[u]!;
        while (e !== -1) {
          const v = to[e]!;
          if (cap[e]! > 0 && !dead[v] && !onPath[v] && cost[e]! + pi[u]! - pi[v]! === 0) break;
          e = next[e]!;
        }
        it[u] = e;
        if (e !== -1) {
          path.push(e);
          u = to[e]!;
          onPath[u] = 1;
          continue;
        }
        dead[u] = 1;
        onPath[u] = 0;
        if (u === s) break;
        const back = path.pop()!;
        u = to[back ^ 1]!;
        it[u] = next[back]!;
      }
      if (u !== t) break;
      let push = INF;
      for (const e of path) push = Math.min(push, cap[e]!);
      for (const e of path) {
        cap[e] = cap[e]! - push;
        cap[e ^ 1] = cap[e ^ 1]! + push;
        onPath[to[e]!] = 0;
      }
      onPath[s] = 0;
      path.length = 0;
      flow += push;
      total += push * pathCost;
    }
    onPath.fill(0);
    path.length = 0;
  }
  for (let e = 0; e < cap.length; e++) net.cap[e] = cap[e]!;
  return { flow, cost: total, phases };
}
