//! Minimum s-t cuts of networks with integer capacities: the shortest
//! augmenting path algorithm with distance labels on compact arrays, and
//! Dinic's algorithm through petgraph's [`dinics`](petgraph::algo::dinics)
//! as a reference.
//!
//! # Theoretical
//! A *network* has nodes, a source `s`, a sink `t` and arcs `(u, v)` with
//! capacities `c >= 0`. A flow obeys the capacities and conservation at
//! every node but `s` and `t`; its value is what leaves `s`. The residual
//! network has `u -> v` with `c - f` for every arc and `v -> u` with `f`.
//! Max-flow min-cut (Ford & Fulkerson 1956): when no `s -> t` path is left
//! in the residual network, the nodes `S` reachable from `s` form a cut
//! whose capacity `sum_{u in S, v not in S} c(u, v)` equals the flow's
//! value, and no cut is smaller. The shortest augmenting path algorithm
//! of Ahuja & Orlin (1989) augments along shortest residual paths too, as
//! Dinic (1970) does, but keeps *distance labels* `d(v)` instead of one
//! BFS per phase: `d(t) = 0` and `d(v) <= d(w) + 1` for every residual
//! edge `v -> w`, so `d(v)` is at most the distance from `v` to `t`. It
//! advances from `s` along *admissible* edges (`d(v) = d(w) + 1`, found
//! with a *current arc* per node), augments on reaching `t`, and where no
//! admissible edge leaves `v` *relabels* it (`d(v) = 1 + min d(w)` over
//! its residual edges, `|V|` when it has none) and retreats: `O(|V|^2
//! |E|)`. It stops when `d(s) >= |V|`, or at a *gap*: when a relabel
//! empties a distance `k`, no node above `k` (`s` among them, as the
//! labels fall by one along the path from `s`) reaches `t`. A *global
//! relabelling* (exact distances by a backward BFS from `t`) starts it,
//! and is repeated after every `|V|` relabels (Cherkassky & Goldberg
//! 1997). All arithmetic is on integers, so the value and the cut are
//! exact.
//!
//! **Earliest and latest cuts** (Picard & Queyranne 1980). For a maximum
//! flow, the set `S_min` of nodes reachable from `s` and the complement
//! `S_max` of the nodes that reach `t` in the residual network are both
//! source sides of minimum cuts (no residual edge leaves `S_min` or enters
//! `V - S_max`, so every arc across either cut is saturated and every arc
//! into it carries no flow: the capacity equals the value), the smallest
//! and the largest: every minimum cut's source side `S` has `S_min ⊆ S ⊆
//! S_max`.
//!
//! # Practical
//! Why not only petgraph's: measured on a Lagrangian subproblem of
//! [`lagrangian`](crate::solve::bounds::lagrangian) (the generated
//! 300-task plan of seed 16 at daily buckets, 122,778 nodes and 496,245
//! arcs, at the LP relaxation's prices; release build on a 2-core machine
//! shared with other builds), petgraph 0.8.3's `dinics` took 0.66 s for
//! the cut and [`min_cut`] 0.19 s, the same value: its depth-first search
//! allocates and clears node-sized arrays for every augmenting path, and
//! its `u64` flow total needs the capacities out of the source to stay
//! below `2^64`. A Lagrangian ascent solves hundreds of cuts, so 3.5
//! times is most of its time; [`min_cut`] is used and
//! `min_cut_petgraph` is the tests' second opinion (and the measurement:
//! the ignored test `measure_cut_speed`).
//!
//! The residual edges are stored by node (compressed rows: head, reverse
//! edge and residual capacity contiguous per node) rather than by arc, so
//! the searches read memory in order; on the same plan (116,501 nodes,
//! 469,793 arcs, load about 5 on 2 cores) a Lagrangian step went from
//! 0.60 s to 0.21 s, the cut being about 80 % of a step before.
//!
//! Why distance labels rather than Dinic's phases: on the mode-linked
//! network of that plan (176,195 nodes, 656,348 arcs, at the prices of
//! steps 9-12 of an ascent) Dinic's algorithm on the same arrays took
//! 0.30-0.37 s per cut, 220-245 phases of one BFS each for only 6,400-
//! 7,900 augmenting paths. The labels took 0.21-0.23 s without global
//! relabelling (6.6-7.1 million relabels), 0.14-0.17 s with one after
//! every `|V|` relabels (after every `|V| / 16`: 0.35 s; `|V| / 4`: 0.20
//! s; `2 |V|` and `4 |V|`: 0.16 s).
//!
//! # Bibliography
//! - L. R. Ford, D. R. Fulkerson (1956), Maximal flow through a network.
//! - E. A. Dinic (1970), Algorithm for solution of a problem of maximum
//!   flow in a network with power estimation.
//! - R. K. Ahuja, J. B. Orlin (1989), A fast and simple algorithm for the
//!   maximum flow problem. *Operations Research* 37(5), 748–759.
//! - B. V. Cherkassky, A. V. Goldberg (1997), On implementing the
//!   push-relabel method for the maximum flow problem. *Algorithmica*
//!   19(4), 390–410.
//! - J.-C. Picard, M. Queyranne (1980), On the structure of all minimum
//!   cuts in a network and applications. *Mathematical Programming Study*
//!   13, 8–16.

#[cfg(test)]
use petgraph::graph::{DiGraph, NodeIndex};
#[cfg(test)]
use petgraph::visit::EdgeRef;

/// The shape of a network: nodes and arcs, without capacities (they are
/// given to each cut, so one shape serves many capacity vectors).
#[derive(Clone, Debug)]
pub(crate) struct Network {
    nodes: usize,
    /// `(tail, head)` of every arc.
    arcs: Vec<(u32, u32)>,
    /// Residual edges of node `v`: `first[v]..first[v + 1]`, stored in this
    /// order (compressed rows) so that a node's edges are contiguous.
    first: Vec<u32>,
    /// Head of every residual edge.
    head: Vec<u32>,
    /// The opposite residual edge of every residual edge.
    rev: Vec<u32>,
    /// Residual edge of every arc forwards.
    forward: Vec<u32>,
}

/// A minimum cut.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) struct MinCut {
    /// Its capacity (the maximum flow's value).
    pub(crate) value: u128,
    /// `true` for the nodes on the source's side (the smallest such side:
    /// the nodes reachable from `s` in the residual network).
    pub(crate) source_side: Vec<bool>,
    /// The largest source side of a minimum cut: the nodes that cannot
    /// reach `t` in the residual network.
    pub(crate) largest_side: Vec<bool>,
}

impl Network {
    /// A network of `nodes` nodes and the arcs `(tail, head)` (both below
    /// `nodes`, which must fit in `u32`; `None` otherwise).
    pub(crate) fn new(nodes: usize, arcs: Vec<(u32, u32)>) -> Option<Self> {
        u32::try_from(nodes).ok()?;
        u32::try_from(arcs.len().checked_mul(2)?).ok()?;
        let mut degree = vec![0u32; nodes + 1];
        for &(u, v) in &arcs {
            if u as usize >= nodes || v as usize >= nodes {
                return None;
            }
            degree[u as usize + 1] += 1;
            degree[v as usize + 1] += 1;
        }
        for v in 0..nodes {
            degree[v + 1] += degree[v];
        }
        let first = degree;
        let mut fill = first.clone();
        let mut head = vec![0u32; arcs.len() * 2];
        let mut rev = vec![0u32; arcs.len() * 2];
        let mut forward = vec![0u32; arcs.len()];
        for (a, &(u, v)) in arcs.iter().enumerate() {
            let e = fill[u as usize];
            fill[u as usize] += 1;
            let r = fill[v as usize];
            fill[v as usize] += 1;
            head[e as usize] = v;
            head[r as usize] = u;
            rev[e as usize] = r;
            rev[r as usize] = e;
            forward[a] = e;
        }
        Some(Self {
            nodes,
            arcs,
            first,
            head,
            rev,
            forward,
        })
    }

    /// Number of nodes.
    pub(crate) fn nodes(&self) -> usize {
        self.nodes
    }

    /// Number of arcs.
    pub(crate) fn arcs(&self) -> usize {
        self.arcs.len()
    }
}

/// A minimum `s`-`t` cut under the capacities `cap` (one per arc, in the
/// order given to [`Network::new`]), by the shortest augmenting path
/// algorithm with distance labels (module docs). `None` when
/// `cap` has the wrong length or `s`/`t` are not two distinct nodes. The value is exact
/// as long as the capacities out of `s` sum to less than `2^128`. With a
/// `deadline` it gives up (`None`) once the deadline passes: it looks at
/// the clock every [`CLOCK_EVERY`] relabels.
pub(crate) fn min_cut(
    net: &Network,
    cap: &[u64],
    s: usize,
    t: usize,
    deadline: Option<std::time::Instant>,
) -> Option<MinCut> {
    if cap.len() != net.arcs() || s >= net.nodes || t >= net.nodes || s == t {
        return None;
    }
    // residual capacity of every residual edge
    let mut res = vec![0u64; 2 * net.arcs()];
    for (&e, &c) in net.forward.iter().zip(cap) {
        res[e as usize] = c;
    }
    let n = net.nodes;
    let cap_n = n as u32;
    // exact distances to `t` in the residual network (`n`: none), and
    // the nodes per distance for the gap rule
    let mut dist = vec![cap_n; n];
    let mut count = vec![0u32; n + 1];
    let mut queue: Vec<u32> = Vec::with_capacity(n);
    distances(net, &res, t, &mut dist, &mut count, &mut queue);
    let mut current: Vec<u32> = net.first[..n].to_vec();
    let mut path: Vec<u32> = Vec::new();
    let mut value = 0u128;
    let mut v = s;
    let mut since_global = 0usize;
    let mut relabels = 0usize;
    while dist[s] < cap_n {
        if v == t {
            let push = path.iter().map(|&e| res[e as usize]).min().unwrap_or(0);
            for &e in &path {
                res[e as usize] -= push;
                res[net.rev[e as usize] as usize] += push;
            }
            value += u128::from(push);
            // back to the tail of the first saturated edge
            let keep = path.iter().position(|&e| res[e as usize] == 0).unwrap_or(0);
            path.truncate(keep);
            v = path.last().map_or(s, |&e| net.head[e as usize] as usize);
            continue;
        }
        // advance along an admissible edge (one level closer to t)
        let end = net.first[v + 1];
        let mut advanced = false;
        while current[v] < end {
            let e = current[v] as usize;
            let w = net.head[e] as usize;
            if res[e] > 0 && dist[v] == dist[w] + 1 {
                path.push(e as u32);
                v = w;
                advanced = true;
                break;
            }
            current[v] += 1;
        }
        if advanced {
            continue;
        }
        // relabel: one above the closest residual neighbour
        let mut least = cap_n;
        for e in net.first[v] as usize..end as usize {
            if res[e] > 0 {
                least = least.min(dist[net.head[e] as usize].saturating_add(1));
            }
        }
        since_global += 1;
        relabels += 1;
        if relabels.is_multiple_of(CLOCK_EVERY)
            && deadline.is_some_and(|d| std::time::Instant::now() >= d)
        {
            return None;
        }
        if since_global > n {
            // global relabelling: exact distances again, from s again
            since_global = 0;
            distances(net, &res, t, &mut dist, &mut count, &mut queue);
            current.copy_from_slice(&net.first[..n]);
            path.clear();
            v = s;
            continue;
        }
        let old = dist[v] as usize;
        count[old] -= 1;
        if count[old] == 0 {
            // gap: no node is `old` away from t, so neither s nor any
            // node above reaches t any more
            break;
        }
        dist[v] = least.min(cap_n);
        count[dist[v] as usize] += 1;
        current[v] = net.first[v];
        if let Some(e) = path.pop() {
            v = net.head[net.rev[e as usize] as usize] as usize;
        }
    }
    let reaches_t = reachable(net.nodes, t, |v, visit| {
        for e in net.first[v] as usize..net.first[v + 1] as usize {
            if res[net.rev[e] as usize] > 0 {
                visit(net.head[e] as usize);
            }
        }
    });
    Some(MinCut {
        value,
        source_side: reachable(net.nodes, s, |v, visit| {
            let edges = net.first[v] as usize..net.first[v + 1] as usize;
            for (&w, &r) in net.head[edges.clone()].iter().zip(&res[edges]) {
                if r > 0 {
                    visit(w as usize);
                }
            }
        }),
        largest_side: reaches_t.iter().map(|&r| !r).collect(),
    })
}

/// Exact distances to `t` over residual edges (`dist.len()` for nodes
/// that do not reach it) by a backward breadth-first search, and
/// `count[d]`, the nodes at distance `d`.
fn distances(
    net: &Network,
    res: &[u64],
    t: usize,
    dist: &mut [u32],
    count: &mut [u32],
    queue: &mut Vec<u32>,
) {
    let none = dist.len() as u32;
    dist.fill(none);
    dist[t] = 0;
    queue.clear();
    queue.push(t as u32);
    let mut at = 0;
    while at < queue.len() {
        let w = queue[at] as usize;
        at += 1;
        for e in net.first[w] as usize..net.first[w + 1] as usize {
            let v = net.head[e] as usize;
            // the residual edge v -> w is the reverse of e
            if dist[v] == none && res[net.rev[e] as usize] > 0 {
                dist[v] = dist[w] + 1;
                queue.push(v as u32);
            }
        }
    }
    count.fill(0);
    for &d in dist.iter() {
        count[d as usize] += 1;
    }
}

/// How many relabels [`min_cut`] makes between looks at the clock.
const CLOCK_EVERY: usize = 4096;

/// [`min_cut`] through petgraph's `dinics` (its flows, then a BFS over the
/// residual network for the side). `None` as for [`min_cut`], or when the
/// capacities out of `s` may overflow `u64`.
#[cfg(test)]
pub(crate) fn min_cut_petgraph(net: &Network, cap: &[u64], s: usize, t: usize) -> Option<MinCut> {
    if cap.len() != net.arcs() || s >= net.nodes || t >= net.nodes || s == t {
        return None;
    }
    let out_of_s = net
        .arcs
        .iter()
        .zip(cap)
        .filter(|(a, _)| a.0 as usize == s)
        .try_fold(0u64, |acc, (_, &c)| acc.checked_add(c))?;
    out_of_s.checked_mul(2)?;
    let mut graph: DiGraph<(), u64> = DiGraph::with_capacity(net.nodes, net.arcs());
    for _ in 0..net.nodes {
        graph.add_node(());
    }
    for (&(u, v), &c) in net.arcs.iter().zip(cap) {
        graph.add_edge(NodeIndex::new(u as usize), NodeIndex::new(v as usize), c);
    }
    let (value, flows) = petgraph::algo::dinics(&graph, NodeIndex::new(s), NodeIndex::new(t));
    let source_side = reachable(net.nodes, s, |v, visit| {
        let node = NodeIndex::new(v);
        for e in graph.edges_directed(node, petgraph::Direction::Outgoing) {
            if *e.weight() > flows[e.id().index()] {
                visit(e.target().index());
            }
        }
        for e in graph.edges_directed(node, petgraph::Direction::Incoming) {
            if flows[e.id().index()] > 0 {
                visit(e.source().index());
            }
        }
    });
    let reaches_t = reachable(net.nodes, t, |v, visit| {
        let node = NodeIndex::new(v);
        for e in graph.edges_directed(node, petgraph::Direction::Incoming) {
            if *e.weight() > flows[e.id().index()] {
                visit(e.source().index());
            }
        }
        for e in graph.edges_directed(node, petgraph::Direction::Outgoing) {
            if flows[e.id().index()] > 0 {
                visit(e.target().index());
            }
        }
    });
    Some(MinCut {
        value: u128::from(value),
        source_side,
        largest_side: reaches_t.iter().map(|&r| !r).collect(),
    })
}

/// The nodes reachable from `s` where `next(v, visit)` calls `visit` on
/// every residual neighbour of `v`.
fn reachable(nodes: usize, s: usize, next: impl Fn(usize, &mut dyn FnMut(usize))) -> Vec<bool> {
    let mut seen = vec![false; nodes];
    seen[s] = true;
    let mut stack = vec![s];
    while let Some(v) = stack.pop() {
        next(v, &mut |w| {
            if !seen[w] {
                seen[w] = true;
                stack.push(w);
            }
        });
    }
    seen
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    /// The smallest cut by enumerating every node set holding `s` and not `t`.
    fn brute_force(nodes: usize, arcs: &[(u32, u32)], cap: &[u64], s: usize, t: usize) -> u128 {
        let mut best = u128::MAX;
        for mask in 0u32..1 << nodes {
            if mask & (1 << s) == 0 || mask & (1 << t) != 0 {
                continue;
            }
            let cut: u128 = arcs
                .iter()
                .zip(cap)
                .filter(|((u, v), _)| mask & (1 << u) != 0 && mask & (1 << v) == 0)
                .map(|(_, &c)| u128::from(c))
                .sum();
            best = best.min(cut);
        }
        best
    }

    fn cut_capacity(arcs: &[(u32, u32)], cap: &[u64], side: &[bool]) -> u128 {
        arcs.iter()
            .zip(cap)
            .filter(|((u, v), _)| side[*u as usize] && !side[*v as usize])
            .map(|(_, &c)| u128::from(c))
            .sum()
    }

    fn network() -> impl Strategy<Value = (usize, Vec<(u32, u32)>, Vec<u64>)> {
        (2usize..9).prop_flat_map(|n| {
            let arc = (0..n as u32, 0..n as u32, 0u64..20);
            proptest::collection::vec(arc, 0..24).prop_map(move |arcs| {
                let (a, c) = arcs.into_iter().map(|(u, v, c)| ((u, v), c)).unzip();
                (n, a, c)
            })
        })
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(32))]
        #[test]
        fn both_equal_brute_force((n, arcs, cap) in network()) {
            let (s, t) = (0, n - 1);
            let net = Network::new(n, arcs.clone()).unwrap();
            let ours = min_cut(&net, &cap, s, t, None).unwrap();
            let theirs = min_cut_petgraph(&net, &cap, s, t).unwrap();
            let best = brute_force(n, &arcs, &cap, s, t);
            prop_assert_eq!(ours.value, best);
            prop_assert_eq!(theirs.value, best);
            prop_assert_eq!(&ours.largest_side, &theirs.largest_side);
            for side in [&ours.source_side, &theirs.source_side, &ours.largest_side] {
                prop_assert!(side[s] && !side[t]);
                prop_assert_eq!(cut_capacity(&arcs, &cap, side), best);
            }
        }
    }

    /// Larger random networks (chains with infinite reverse arcs and
    /// cross arcs, as in the Lagrangian's closure networks, plus random
    /// arcs) against petgraph's `dinics`: the same value and sides.
    #[test]
    fn agrees_with_petgraph_on_closure_like_networks() {
        let mut rng = crate::solve::testkit::Rng(0x6d1c_0001);
        for case in 0..200 {
            let chains = 2 + (rng.next() % 8) as usize;
            let width = 1 + (rng.next() % 12) as usize;
            let n = 2 + chains * width;
            let node = |c: usize, k: usize| (2 + c * width + k) as u32;
            let big = 1u64 << 40;
            let (mut arcs, mut cap) = (Vec::new(), Vec::new());
            for c in 0..chains {
                arcs.push((0, node(c, 0)));
                cap.push(big);
                for k in 0..width {
                    let to = if k + 1 < width { node(c, k + 1) } else { 1 };
                    arcs.push((node(c, k), to));
                    cap.push(rng.next() % 50);
                    if k + 1 < width {
                        arcs.push((node(c, k + 1), node(c, k)));
                        cap.push(big);
                    }
                }
            }
            for _ in 0..(rng.next() % 40) {
                let (a, b) = ((rng.next() as usize) % n, (rng.next() as usize) % n);
                arcs.push((a as u32, b as u32));
                cap.push(if case % 2 == 0 { big } else { rng.next() % 30 });
            }
            let net = Network::new(n, arcs.clone()).unwrap();
            let ours = min_cut(&net, &cap, 0, 1, None).unwrap();
            let theirs = min_cut_petgraph(&net, &cap, 0, 1).unwrap();
            assert_eq!(ours, theirs, "case {case}");
            assert_eq!(cut_capacity(&arcs, &cap, &ours.source_side), ours.value);
            assert_eq!(cut_capacity(&arcs, &cap, &ours.largest_side), ours.value);
        }
    }

    #[test]
    fn clrs_example() {
        let arcs = vec![
            (0, 1),
            (0, 2),
            (1, 2),
            (1, 3),
            (2, 1),
            (2, 4),
            (3, 2),
            (3, 5),
            (4, 3),
            (4, 5),
        ];
        let cap = [16, 13, 10, 12, 4, 14, 9, 20, 7, 4];
        let net = Network::new(6, arcs).unwrap();
        assert_eq!(min_cut(&net, &cap, 0, 5, None).unwrap().value, 23);
        assert!(min_cut(&net, &cap[..3], 0, 5, None).is_none());
        assert!(Network::new(2, vec![(0, 2)]).is_none());
    }
}
