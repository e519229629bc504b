//! The `suara` binary: parse arguments, run, map the outcome to an exit code.

use clap::Parser;

fn main() {
    let cli = suara::cli::Cli::parse();
    let code = match suara::cli::run(cli) {
        Ok(status) => status.code(),
        Err(e) => {
            eprintln!("suara: error: {e}");
            for cause in e.chain().skip(1) {
                eprintln!("  caused by: {cause}");
            }
            suara::status::ExitStatus::Failure.code()
        }
    };
    std::process::exit(code);
}
