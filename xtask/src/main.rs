//! `cargo xtask`: the project's build, serve, test and bench commands.
//!
//! Every command installs what it is missing into project-local, git-ignored places (`.tools/` for
//! Rust tools, `node_modules/` for npm packages) with the versions pinned in [`tools`], so that a
//! fresh clone needs nothing but the Rust toolchain, Node/npm and the distribution's package
//! manager. No dependencies: this crate compiles in a second.

mod bench;
mod build;
mod tools;
mod util;

use std::process::ExitCode;

const USAGE: &str = "\
cargo xtask <command> [options]

Commands:
  build              Release build of the citizen's app into dist/ (Trunk, wasm-opt -Oz),
                     with forms/ copied in.
  serve              Build, then run `antrag serve` on http://127.0.0.1:8080 with forms/ and
                     SQLite storage in data/.
      --port N         port (default 8080)
      --data DIR       storage folder (default data/)
      --dev            authoring preview: reload forms on change, show diagnostics
  test               Every test: native (cargo test), browser (wasm-bindgen-test in headless
                     Chromium) and end-to-end (Playwright against the real server).
      --no-browser     native tests only
  bench              Size and speed measurements; writes docs/performance.md.
  tools              Install the pinned tools only.

ANTRAG_API_TOKEN in the environment enables the authority API of `serve`.
";

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let Some(cmd) = args.first() else {
        eprint!("{USAGE}");
        return ExitCode::from(2);
    };
    let rest = &args[1..];
    let result = match cmd.as_str() {
        "build" => build::build(rest),
        "serve" => build::serve(rest),
        "test" => build::test(rest),
        "bench" => bench::bench(rest),
        "tools" => tools::ensure_all(),
        "help" | "--help" | "-h" => {
            print!("{USAGE}");
            Ok(())
        }
        other => Err(format!("unknown command `{other}`\n\n{USAGE}")),
    };
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("\nxtask: error: {e}");
            ExitCode::FAILURE
        }
    }
}
