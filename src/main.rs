use std::process::ExitCode;

fn main() -> ExitCode {
    gongshi::cli::main()
}
