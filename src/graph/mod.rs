//! The dependency graph (petgraph): cycles, topological order, CPM.

mod cpm;
mod cycle;

pub use cpm::Analysis;
pub use cycle::find_cycle;

use crate::model::{ActivityId, Problem};
use petgraph::graph::{DiGraph, NodeIndex};

/// The precedence DAG of a problem (written and goal-derived edges), with
/// node `i` standing for activity `i`. Node indices stay private.
#[derive(Debug)]
pub struct DependencyGraph {
    graph: DiGraph<ActivityId, u32>,
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
