//! Where a scoring run's time goes: with the environment variable
//! `PROFICIENT_PHASES` set (to anything but `0`), each phase's wall time
//! (and, for the threads of a phase, how long each worked and waited) is
//! printed to standard error as it ends. For profiling only: never part of
//! any output, and nothing is measured when it is unset. Without the
//! `threads` feature (WebAssembly, which has no clock to read) it is off.

#[cfg(feature = "threads")]
mod on {
    use std::sync::{Mutex, OnceLock};
    use std::time::{Duration, Instant};

    fn enabled() -> bool {
        static ON: OnceLock<bool> = OnceLock::new();
        *ON.get_or_init(|| std::env::var_os("PROFICIENT_PHASES").is_some_and(|v| v != "0"))
    }

    /// When the first phase began, when the last ended, and the process's
    /// CPU time then.
    static LAST: Mutex<Option<(Instant, Instant, f64)>> = Mutex::new(None);

    /// The process's CPU time (user and system, every thread, in ms) as
    /// Linux counts it, in ticks of 10 ms; 0 where it cannot be read.
    fn cpu_ms() -> f64 {
        let Ok(stat) = std::fs::read_to_string("/proc/self/stat") else {
            return 0.0;
        };
        // Fields after the command's closing parenthesis: utime and stime
        // are the 12th and 13th.
        let rest = stat.rsplit_once(')').map_or("", |(_, r)| r);
        let mut fields = rest.split_whitespace().skip(11);
        let mut tick = || {
            fields
                .next()
                .and_then(|f| f.parse::<f64>().ok())
                .unwrap_or(0.0)
        };
        (tick() + tick()) * 10.0
    }

    /// A clock that reads the time only when phases are printed.
    #[derive(Debug, Clone, Copy)]
    pub(crate) struct Clock(Option<Instant>);

    impl Clock {
        /// Now (nothing when phases are off).
        pub(crate) fn now() -> Clock {
            Clock(enabled().then(Instant::now))
        }

        /// Time since this clock was read.
        pub(crate) fn elapsed(self) -> Duration {
            self.0.map(|t| t.elapsed()).unwrap_or_default()
        }
    }

    /// Ends phase `name`: prints its wall time since the previous phase
    /// ended (or the first call) and the time since the first call.
    pub(crate) fn end(name: &str, detail: impl FnOnce() -> String) {
        if !enabled() {
            return;
        }
        let (now, cpu) = (Instant::now(), cpu_ms());
        let Ok(mut last) = LAST.lock() else { return };
        let (first, prev, prev_cpu) = last.get_or_insert((now, now, cpu));
        let (took, at, used) = (now - *prev, now - *first, cpu - *prev_cpu);
        (*prev, *prev_cpu) = (now, cpu);
        drop(last);
        let detail = detail();
        let sep = if detail.is_empty() { "" } else { "  " };
        eprintln!(
            "phase {name:<36} {:>8.1} ms wall {used:>6.0} ms CPU  (at {:>7.1} ms){sep}{detail}",
            ms(took),
            ms(at)
        );
    }

    /// Milliseconds of `d`.
    pub(crate) fn ms(d: Duration) -> f64 {
        d.as_secs_f64() * 1e3
    }
}

#[cfg(not(feature = "threads"))]
mod on {
    use std::time::Duration;

    #[derive(Debug, Clone, Copy)]
    pub(crate) struct Clock;

    impl Clock {
        pub(crate) fn now() -> Clock {
            Clock
        }
        pub(crate) fn elapsed(self) -> Duration {
            Duration::ZERO
        }
    }

    pub(crate) fn end(_: &str, _: impl FnOnce() -> String) {}

    pub(crate) fn ms(d: Duration) -> f64 {
        d.as_secs_f64() * 1e3
    }
}

pub(crate) use on::{end, ms, Clock};
