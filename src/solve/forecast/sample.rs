//! Drawing scenarios: one PERT effort per ranged task, from a ChaCha8
//! stream per scenario (see the [forecast module](super)).

use rand::SeedableRng;
use rand_chacha::ChaCha8Rng;
use rand_distr::{Distribution, Pert};

use crate::model::{ActivityId, Problem, Scenarios};

/// The seed of forecasts when none is given.
pub const DEFAULT_SEED: u64 = 20_261_205;

/// The PERT distribution of each ranged, unpinned task's effort factor.
#[derive(Clone, Debug)]
pub(super) struct Sampler {
    seed: u64,
    /// `(activity, distribution of sample / likely)`, by activity index.
    ranged: Vec<(ActivityId, Pert<f64>)>,
}

impl Sampler {
    pub(super) fn new(problem: &Problem, seed: u64) -> Self {
        let ranged = problem
            .activity_ids()
            .filter_map(|a| {
                let act = problem.activity(a);
                let range = act.spec.as_ref()?.range?;
                if act.pin.is_some() || range.is_point() || range.likely <= 0.0 {
                    return None;
                }
                // the factor `sample / likely`: PERT on the scaled points
                let pert = Pert::new(range.low / range.likely, range.high / range.likely)
                    .with_mode(1.0)
                    .ok()?;
                Some((a, pert))
            })
            .collect();
        Self { seed, ranged }
    }

    /// The factors of scenario `k` into `factors` (1 for tasks without a range).
    pub(super) fn draw(&self, k: u64, factors: &mut [f64]) {
        let mut rng = ChaCha8Rng::seed_from_u64(self.seed);
        rng.set_stream(k);
        for (a, pert) in &self.ranged {
            factors[a.index()] = pert.sample(&mut rng);
        }
    }
}

/// `count` scenarios of `problem`'s ranged efforts from `seed` (scenario
/// `k` as the forecast with that seed draws it): the training scenarios of
/// the expected objective ([`Problem::with_training`]).
///
/// ```
/// use tandem::model::EffortRange;
/// use tandem::solve::forecast::sample_scenarios;
/// use tandem::{Calendar, ProblemBuilder};
/// let mut b = ProblemBuilder::new();
/// let team = b.resource("backend", Calendar::constant(1));
/// let t = b.plan_task("T1", None, &[(team, 10.0)], 1, 1, 0);
/// b.effort_range(t, EffortRange::new(8.0, 10.0, 20.0));
/// let p = b.build().unwrap();
/// let s = sample_scenarios(&p, 50, 1);
/// assert_eq!(s.len(), 50);
/// assert!((0..50).all(|k| (0.8..=2.0).contains(&s.factors(k)[0])));
/// ```
pub fn sample_scenarios(problem: &Problem, count: usize, seed: u64) -> Scenarios {
    let sampler = Sampler::new(problem, seed);
    let n = problem.len();
    let mut factors = vec![1.0; count * n];
    for (k, row) in factors.chunks_mut(n.max(1)).enumerate().take(count) {
        sampler.draw(k as u64, row);
    }
    Scenarios::new(n, factors)
}
