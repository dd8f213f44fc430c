//! Cycle detection with petgraph, returning the nodes on one cycle in order.

use petgraph::algo::tarjan_scc;
use petgraph::graph::{DiGraph, NodeIndex};

/// Finds one directed cycle among `n` nodes, returned as node indices in
/// edge order (the last node leads back to the first); `None` if acyclic.
///
/// Strongly connected components come from petgraph's Tarjan; inside the
/// first non-trivial component a walk along in-component edges must revisit
/// a node, and the revisited stretch is the cycle.
pub(crate) fn find_cycle(
    n: usize,
    edges: impl IntoIterator<Item = (usize, usize)>,
) -> Option<Vec<usize>> {
    let mut g: DiGraph<(), ()> = DiGraph::with_capacity(n, 0);
    for _ in 0..n {
        g.add_node(());
    }
    for (a, b) in edges {
        if a == b {
            return Some(vec![a]);
        }
        g.add_edge(NodeIndex::new(a), NodeIndex::new(b), ());
    }
    let comp = tarjan_scc(&g).into_iter().find(|c| c.len() > 1)?;
    let mut in_comp = vec![false; n];
    for v in &comp {
        in_comp[v.index()] = true;
    }
    // smallest node first, for a stable message
    let start = *comp.iter().min()?;
    let mut pos = vec![usize::MAX; n];
    let mut path = Vec::new();
    let mut v = start;
    loop {
        if pos[v.index()] != usize::MAX {
            return Some(path[pos[v.index()]..].to_vec());
        }
        pos[v.index()] = path.len();
        path.push(v.index());
        // follow the smallest successor inside the component
        v = g
            .neighbors(v)
            .filter(|w| in_comp[w.index()])
            .min()
            .expect("a node in a non-trivial SCC has a successor in it");
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn acyclic_has_none() {
        assert_eq!(find_cycle(4, [(0, 1), (1, 2), (0, 3), (3, 2)]), None);
    }

    #[test]
    fn finds_cycle_in_order() {
        let c = find_cycle(5, [(0, 1), (1, 2), (2, 3), (3, 1), (3, 4)]).unwrap();
        assert_eq!(c, vec![1, 2, 3]);
    }

    #[test]
    fn self_loop() {
        assert_eq!(find_cycle(2, [(1, 1)]), Some(vec![1]));
    }
}
