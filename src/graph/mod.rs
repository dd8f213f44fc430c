//! The dependency graph (petgraph): topological order, CPM.

mod cpm;
pub(crate) mod min_cut;

pub use cpm::Analysis;

use crate::model::{ActivityId, Problem};
use petgraph::graph::{DiGraph, NodeIndex};

/// The precedence DAG of a problem (written and goal-derived edges), with
/// node `i` standing for activity `i`. Node indices stay private.
#[derive(Debug)]
pub struct DependencyGraph {
    graph: DiGraph<ActivityId, i32>,
}

impl DependencyGraph {
    /// Builds the graph. The problem is acyclic by construction.
    pub fn new(problem: &Problem) -> Self {
        let mut graph = DiGraph::with_capacity(problem.len(), problem.precedences().len());
        for a in problem.activity_ids() {
            graph.add_node(a);
        }
        for p in problem.precedences() {
            graph.add_edge(
                NodeIndex::new(p.from.index()),
                NodeIndex::new(p.to.index()),
                p.lag,
            );
        }
        Self { graph }
    }

    /// A topological order (petgraph's DFS-based toposort).
    pub fn topological_order(&self) -> Vec<ActivityId> {
        petgraph::algo::toposort(&self.graph, None)
            .expect("Problem guarantees an acyclic precedence graph")
            .into_iter()
            .map(|n| self.graph[n])
            .collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{Calendar, ProblemBuilder};

    #[test]
    fn topological_order_covers_goal_edges() {
        let mut b = ProblemBuilder::new();
        let t = b.resource("t", Calendar::constant(1));
        let g1 = b.goal("g1", 1.0, None);
        let g2 = b.goal("g2", 1.0, None);
        b.goal_dependency(g1, g2); // g1 waits for g2
        let a = b.plan_task("a", Some(g1), &[(t, 1.0)], 1, 1, 0);
        let c = b.plan_task("c", Some(g1), &[(t, 1.0)], 1, 1, 0);
        let d = b.plan_task("d", Some(g2), &[(t, 1.0)], 1, 1, 0);
        b.precedence(a, c, 0);
        let p = b.build().unwrap();
        let order = DependencyGraph::new(&p).topological_order();
        assert_eq!(order.len(), 3);
        let pos = |x: ActivityId| order.iter().position(|&y| y == x).unwrap();
        assert!(pos(d) < pos(a) && pos(a) < pos(c));
        for e in p.precedences() {
            assert!(pos(e.from) < pos(e.to));
        }
    }
}
