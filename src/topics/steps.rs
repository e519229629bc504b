//! Wall-clock time of the topic stage's steps, printed to stderr when
//! `SUARA_TOPICS_STEPS=1` (for profiling; nothing is timed otherwise).
//! Steps that run side by side (the `auto` candidates, the seedings)
//! overlap, so their times do not add up to the stage's.

use std::sync::OnceLock;
use std::time::Instant;

fn enabled() -> bool {
    static ON: OnceLock<bool> = OnceLock::new();
    *ON.get_or_init(|| std::env::var("SUARA_TOPICS_STEPS").is_ok_and(|v| v == "1"))
}

/// CPU time of the whole process so far (every thread), in seconds.
#[cfg(unix)]
fn cpu() -> f64 {
    // SAFETY: getrusage only writes the struct it is given.
    let mut u: libc::rusage = unsafe { std::mem::zeroed() };
    unsafe { libc::getrusage(libc::RUSAGE_SELF, &mut u) };
    let s = |t: libc::timeval| t.tv_sec as f64 + t.tv_usec as f64 / 1e6;
    s(u.ru_utime) + s(u.ru_stime)
}

/// No process CPU time off Unix: the steps show wall-clock time only.
#[cfg(not(unix))]
fn cpu() -> f64 {
    0.0
}

/// Times consecutive steps: each [`Timer::lap`] adds the wall-clock and
/// process CPU time since the previous lap (or the start) to its step; the
/// totals are printed, in the order the steps first ended, when the timer
/// is dropped (CPU time counts every thread of the process, so it says
/// how busy the cores were only for steps that run alone).
pub struct Timer {
    what: &'static str,
    at: Option<(Instant, f64)>,
    laps: Vec<(&'static str, f64, f64)>,
}

impl Timer {
    pub fn start(what: &'static str) -> Timer {
        Timer { what, at: enabled().then(|| (Instant::now(), cpu())), laps: Vec::new() }
    }

    pub fn lap(&mut self, step: &'static str) {
        if let Some((t, c)) = &mut self.at {
            let (s, u) = (t.elapsed().as_secs_f64(), cpu() - *c);
            match self.laps.iter_mut().find(|l| l.0 == step) {
                Some(l) => {
                    l.1 += s;
                    l.2 += u;
                }
                None => self.laps.push((step, s, u)),
            }
            (*t, *c) = (Instant::now(), cpu());
        }
    }
}

impl Drop for Timer {
    fn drop(&mut self) {
        if self.at.is_some() {
            let total: f64 = self.laps.iter().map(|l| l.1).sum();
            let steps: Vec<String> =
                self.laps.iter().map(|(n, s, u)| format!("{n} {s:.3} (cpu {u:.2})")).collect();
            eprintln!("topics steps, {} {total:.3} s: {}", self.what, steps.join(", "));
        }
    }
}
