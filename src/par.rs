//! An ordered parallel pipeline: one thread produces work units (parsing is
//! sequential by nature), the rayon pool maps them, and results come back in
//! production order, so output never depends on thread timing.

use rayon::iter::{ParallelBridge, ParallelIterator};
use std::collections::BTreeMap;
use std::sync::mpsc;

/// Runs `produce` on its own thread; every unit it emits goes through `work`
/// on the rayon pool; `consume` sees the results in emission order. Returns
/// what `produce` returns. Channels are bounded, so memory stays flat.
///
/// The work runs on a pool of its own (as many threads as the caller's):
/// `consume` may itself use rayon (ingest hands chunks to scoring), and
/// workers parked on a full result channel must not be the threads that
/// work needs.
pub fn ordered_pipeline<U, R, P>(
    produce: impl FnOnce(&mut dyn FnMut(U)) -> P + Send,
    work: impl Fn(U) -> R + Sync + Send,
    mut consume: impl FnMut(R),
) -> P
where
    U: Send,
    R: Send,
    P: Send,
{
    let threads = rayon::current_num_threads().max(1);
    let (unit_tx, unit_rx) = mpsc::sync_channel::<(usize, U)>(threads * 2);
    let (res_tx, res_rx) = mpsc::sync_channel::<(usize, R)>(threads * 4);
    std::thread::scope(|s| {
        let producer = s.spawn(move || {
            let mut next = 0usize;
            produce(&mut |u| {
                // A send fails only if the workers are gone (a panic there).
                let _ = unit_tx.send((next, u));
                next += 1;
            })
        });
        let work = &work;
        let pool = rayon::ThreadPoolBuilder::new()
            .num_threads(threads)
            .thread_name(|i| format!("suara-parse-{i}"))
            .build()
            .expect("threads for parsing");
        s.spawn(move || {
            pool.install(|| {
                unit_rx.into_iter().par_bridge().for_each_with(res_tx, |tx, (i, u)| {
                    let _ = tx.send((i, work(u)));
                })
            });
        });
        let mut next = 0usize;
        let mut pending = BTreeMap::new();
        for (i, r) in res_rx {
            pending.insert(i, r);
            while let Some(r) = pending.remove(&next) {
                consume(r);
                next += 1;
            }
        }
        producer.join().expect("producer thread panicked")
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn results_arrive_in_production_order() {
        let mut seen = Vec::new();
        let total = ordered_pipeline(
            |emit| {
                for i in 0..200u64 {
                    emit(i);
                }
                200
            },
            |i| {
                // Uneven work so that completion order differs from input order.
                std::thread::sleep(std::time::Duration::from_micros((i * 37) % 11 * 50));
                i * 2
            },
            |r| seen.push(r),
        );
        assert_eq!(total, 200);
        assert_eq!(seen, (0..200u64).map(|i| i * 2).collect::<Vec<_>>());
    }

    /// `consume` that itself runs parallel work (ingest's sink scores
    /// posts) must not deadlock against workers waiting to hand results
    /// over: with them on the same pool it hung.
    #[test]
    fn consume_may_use_the_rayon_pool() {
        use rayon::prelude::*;
        let (tx, rx) = std::sync::mpsc::channel();
        std::thread::spawn(move || {
            let mut sums = 0u64;
            ordered_pipeline(
                |emit| (0..64u64).for_each(emit),
                |i| i,
                |i| sums += (0..20_000u64).into_par_iter().map(|x| x % (i + 1)).sum::<u64>(),
            );
            tx.send(sums).unwrap();
        });
        let got = rx.recv_timeout(std::time::Duration::from_secs(60));
        assert!(got.is_ok(), "ordered_pipeline deadlocked");
    }
}
