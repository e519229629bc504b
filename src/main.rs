//! The `suara` binary: parse arguments, run, map the outcome to an exit code.

use clap::Parser;

fn main() {
    suara::output::set_signals();
    let cli = suara::cli::Cli::parse();
    // A panic is a bug, never an answer to input; should one happen, the
    // run still ends as a failure (exit 2) after its staging is removed.
    let code = match std::panic::catch_unwind(|| suara::cli::run(cli)) {
        Ok(Ok(status)) => status.code(),
        Ok(Err(e)) => {
            let causes: Vec<String> = e.chain().skip(1).map(|c| format!("\n  caused by: {c}")).collect();
            suara::status::emit("error", &format!("{e}{}", causes.concat()));
            suara::status::ExitStatus::Failure.code()
        }
        Err(_) => {
            suara::status::emit(
                "error",
                "internal error (a bug in suara, please report it with the message above)",
            );
            suara::status::ExitStatus::Failure.code()
        }
    };
    std::process::exit(code);
}
