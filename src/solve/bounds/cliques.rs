//! Disjunctive cliques: activities that can never run on the same day.

/// Most disjunctive cliques turned into virtual unit resources.
pub(super) const CLIQUES: usize = 16;
/// Largest problem for which cliques are searched (the pair test is quadratic).
pub(super) const CLIQUE_ACTIVITIES: usize = 3000;

/// Sets of activities no two of which can ever run on the same day: in
/// every pair of their usable modes (both of positive duration) some
/// resource is asked for more than its largest capacity. Greedy maximal
/// cliques of this incompatibility graph, seeded by each activity in order
/// of decreasing shortest duration; the heaviest few (by total shortest
/// duration, at least 2 members) are kept.
pub(super) fn disjunctive_cliques(modes: &[Vec<(u64, Vec<u64>)>], caps: &[u64]) -> Vec<Vec<usize>> {
    let n = modes.len();
    if n > CLIQUE_ACTIVITIES {
        return Vec::new();
    }
    let dmin: Vec<u64> = modes
        .iter()
        .map(|ms| ms.iter().map(|m| m.0).min().unwrap_or(0))
        .collect();
    let clash = |i: usize, j: usize| -> bool {
        modes[i].iter().all(|(di, ai)| {
            modes[j].iter().all(|(dj, aj)| {
                *di > 0 && *dj > 0 && caps.iter().enumerate().any(|(r, &c)| ai[r] + aj[r] > c)
            })
        })
    };
    let mut order: Vec<usize> = (0..n).filter(|&j| dmin[j] > 0).collect();
    order.sort_by(|&a, &b| dmin[b].cmp(&dmin[a]).then(a.cmp(&b)));
    let words = n.div_ceil(64);
    let mut adj = vec![0u64; n * words];
    for (x, &i) in order.iter().enumerate() {
        for &j in &order[x + 1..] {
            if clash(i, j) {
                adj[i * words + j / 64] |= 1 << (j % 64);
                adj[j * words + i / 64] |= 1 << (i % 64);
            }
        }
    }
    let linked = |i: usize, j: usize| adj[i * words + j / 64] & (1 << (j % 64)) != 0;
    let mut found: Vec<(u64, Vec<usize>)> = Vec::new();
    for &seed in &order {
        let mut clique = vec![seed];
        for &c in &order {
            if c != seed && clique.iter().all(|&m| linked(m, c)) {
                clique.push(c);
            }
        }
        if clique.len() < 2 {
            continue;
        }
        clique.sort_unstable();
        if found
            .iter()
            .any(|(_, f)| clique.iter().all(|x| f.binary_search(x).is_ok()))
        {
            continue;
        }
        found.push((clique.iter().map(|&j| dmin[j]).sum(), clique));
    }
    found.sort_by(|a, b| b.0.cmp(&a.0).then(a.1.cmp(&b.1)));
    found.truncate(CLIQUES);
    found.into_iter().map(|(_, c)| c).collect()
}
