//! What a run tells its operator on stderr. Tables never depend on it.

use std::sync::OnceLock;
use std::time::Instant;

/// How messages are written on stderr.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, clap::ValueEnum)]
pub enum LogFormat {
    /// `suara: message` lines, for people.
    #[default]
    Text,
    /// One JSON object per line (`level`, `msg`, `elapsed_s`), for log
    /// collectors.
    Json,
}

static FORMAT: OnceLock<LogFormat> = OnceLock::new();
static START: OnceLock<Instant> = OnceLock::new();

/// Sets the message format for the process (once, from the command line).
pub fn set_log_format(f: LogFormat) {
    let _ = FORMAT.set(f);
    let _ = START.set(Instant::now());
}

/// Writes one operator message in the process's format.
pub fn emit(level: &str, msg: &str) {
    match FORMAT.get().copied().unwrap_or_default() {
        LogFormat::Text if level == "info" => eprintln!("suara: {msg}"),
        LogFormat::Text => eprintln!("suara: {level}: {msg}"),
        LogFormat::Json => {
            let elapsed = START.get().map_or(0.0, |t| t.elapsed().as_secs_f64());
            let line = serde_json::json!({
                "level": level,
                "msg": msg,
                "elapsed_s": (elapsed * 1000.0).round() / 1000.0,
            });
            eprintln!("{line}");
        }
    }
}

/// Exit status that tells cron what happened.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ExitStatus {
    /// Everything was read and written.
    Success,
    /// Outputs were written, but some rows or files were rejected.
    Partial,
    /// Nothing usable was written (bad config, no usable input, I/O error).
    Failure,
}

impl ExitStatus {
    pub fn code(self) -> i32 {
        match self {
            ExitStatus::Success => 0,
            ExitStatus::Partial => 1,
            ExitStatus::Failure => 2,
        }
    }
}

/// Operator messages, and stage timings for the manifest.
#[derive(Debug)]
pub struct Status {
    pub quiet: bool,
    started: Instant,
    stage_started: Instant,
    pub timings: Vec<(String, f64)>,
    /// The running stage's spinner (a terminal only).
    spinner: Option<indicatif::ProgressBar>,
}

impl Status {
    pub fn new(quiet: bool) -> Status {
        let now = Instant::now();
        Status { quiet, started: now, stage_started: now, timings: Vec::new(), spinner: None }
    }

    /// Prints above the spinner, if one is drawn.
    fn say(&self, level: &str, msg: &str) {
        match &self.spinner {
            Some(sp) => sp.suspend(|| emit(level, msg)),
            None => emit(level, msg),
        }
    }

    pub fn info(&self, msg: impl AsRef<str>) {
        if !self.quiet {
            self.say("info", msg.as_ref());
        }
    }

    pub fn warn(&self, msg: impl AsRef<str>) {
        self.say("warning", msg.as_ref());
    }

    /// Whether a person watches (stderr is a terminal, text messages, not
    /// `--quiet`): only then are bars and spinners drawn.
    fn person(&self) -> bool {
        use std::io::IsTerminal;
        !self.quiet
            && FORMAT.get().copied().unwrap_or_default() == LogFormat::Text
            && std::io::stderr().is_terminal()
    }

    /// Shows what runs now (a spinner with the elapsed time, on a terminal
    /// only) until [`Status::stage_done`].
    pub fn begin(&mut self, what: &str) {
        if let Some(sp) = self.spinner.take() {
            sp.finish_and_clear();
        }
        if self.person() {
            let sp = indicatif::ProgressBar::new_spinner();
            if let Ok(style) = indicatif::ProgressStyle::with_template("suara: {spinner} {msg} {elapsed}") {
                sp.set_style(style);
            }
            sp.set_message(what.to_string());
            sp.enable_steady_tick(std::time::Duration::from_millis(120));
            self.spinner = Some(sp);
        }
    }

    /// Ends the current stage, recording how long it took.
    pub fn stage_done(&mut self, name: &str) -> f64 {
        if let Some(sp) = self.spinner.take() {
            sp.finish_and_clear();
        }
        let secs = self.stage_started.elapsed().as_secs_f64();
        self.timings.push((name.to_string(), secs));
        self.stage_started = Instant::now();
        secs
    }

    /// [`Status::stage_done`] for a stage whose time includes others
    /// measured inside it (`inner`: names and seconds): records those, and
    /// the rest under `name`.
    pub fn stage_done_split(&mut self, name: &str, inner: &[(&str, f64)]) -> f64 {
        let total = self.stage_done(name);
        let own = total - inner.iter().map(|(_, s)| s).sum::<f64>();
        self.timings.last_mut().expect("just recorded").1 = own.max(0.0);
        self.timings.extend(inner.iter().map(|(n, s)| (n.to_string(), *s)));
        total
    }

    /// A progress bar for a stage of `len` items: drawn only for a person
    /// (stderr is a terminal, text messages, not `--quiet`), hidden
    /// otherwise, so logs and pipes get plain lines only.
    pub fn progress(&self, len: u64, stage: &str) -> indicatif::ProgressBar {
        if !self.person() {
            return indicatif::ProgressBar::hidden();
        }
        let bar = indicatif::ProgressBar::new(len);
        if let Ok(style) = indicatif::ProgressStyle::with_template(
            "suara: {msg:<26} [{bar:30}] {human_pos}/{human_len} {per_sec:0} eta {eta}",
        ) {
            bar.set_style(style.progress_chars("=> "));
        }
        bar.set_message(stage.to_string());
        bar
    }

    pub fn elapsed(&self) -> f64 {
        self.started.elapsed().as_secs_f64()
    }
}
