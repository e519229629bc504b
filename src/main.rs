//! The `suara` binary: parse arguments, run, map the outcome to an exit code.

use clap::Parser;

fn main() {
    let cli = suara::cli::Cli::parse();
    let code = match suara::cli::run(cli) {
        Ok(status) => status.code(),
        Err(e) => {
            let causes: Vec<String> = e.chain().skip(1).map(|c| format!("\n  caused by: {c}")).collect();
            suara::status::emit("error", &format!("{e}{}", causes.concat()));
            suara::status::ExitStatus::Failure.code()
        }
    };
    std::process::exit(code);
}
