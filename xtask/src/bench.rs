//! `cargo xtask bench`: size and speed measurements (see docs/performance.md).
//!
//! 1. builds the release app (`dist/`) and the server;
//! 2. generates forms of 50, 200 and 1000 fields (`tests/bench/forms.mjs`) into `target/bench/`;
//! 3. runs the native measurements (`crates/core/examples/bench.rs`) on the 1000-field form in the
//!    size-tuned `release` profile and in the `server` profile, and builds the size floor
//!    (`crates/core/examples/floor.rs`: core without any UI, for wasm32);
//! 4. runs `tests/bench/run.mjs`: transfer sizes, browser measurements of antrag and SurveyJS in
//!    headless Chromium, and the tables, which it writes into docs/performance.md (between marker
//!    comments) and prints.
//!
//! A benchmark, not a test: it reports numbers against the goals and never fails because one is
//! missed. Options: `--runs N` (browser runs per form and app, default 5), `--keystrokes N` (per
//! run, default 40), `--sizes 50,200,1000`, `--quick` (2 runs, 20 keystrokes), `--no-doc` (print
//! only).

use crate::util::{flag_value, has_flag, root, run, step, Result};
use std::process::Command;

pub fn bench(args: &[String]) -> Result {
    let started = std::time::Instant::now();
    crate::build::build(&[])?;
    crate::build::build_server()?;
    let browser = crate::tools::ensure_chromium()?;

    let work = crate::util::target_dir().join("bench");
    let _ = std::fs::remove_dir_all(&work);
    std::fs::create_dir_all(&work).map_err(|e| format!("create {}: {e}", work.display()))?;
    let quick = has_flag(args, "--quick");
    let sizes = flag_value(args, "--sizes").unwrap_or_else(|| "50,200,1000".into());
    let largest = sizes
        .split(',')
        .filter_map(|s| s.trim().parse::<u32>().ok())
        .max()
        .ok_or_else(|| format!("--sizes `{sizes}`: expected numbers like 50,200,1000"))?;

    step("generating the benchmark forms");
    let mut gen = Command::new("node");
    gen.arg("tests/bench/forms.mjs").arg(&work);
    gen.args(sizes.split(',').map(str::trim));
    run(&mut gen)?;

    // Native: the same example in each profile that exists.
    let form = work.join("forms").join(format!("bench-{largest}.json"));
    let mut natives = Vec::new();
    for profile in ["release", "server"] {
        if profile != "release" && !has_profile(profile) {
            continue;
        }
        step(&format!(
            "native measurements (crates/core/examples/bench.rs, profile `{profile}`)"
        ));
        let out = work.join(format!("native-{profile}.json"));
        let file =
            std::fs::File::create(&out).map_err(|e| format!("create {}: {e}", out.display()))?;
        let mut cmd = Command::new("cargo");
        cmd.args([
            "run",
            "--quiet",
            "--profile",
            profile,
            "-p",
            "antrag-core",
            "--example",
            "bench",
            "--",
        ])
        .args(["--label", profile])
        .arg(&form)
        .stdout(file);
        run(&mut cmd)?;
        natives.push(out.display().to_string());
    }

    step(
        "size floor: antrag-core without UI (crates/core/examples/floor.rs, wasm32, wasm-opt -Oz)",
    );
    let floor = size_floor(&work)?;

    step("browser measurements: antrag and SurveyJS in headless Chromium");
    let mut node = Command::new("node");
    node.arg("tests/bench/run.mjs")
        .arg("--work")
        .arg(&work)
        .args(["--native", &natives.join(",")])
        .arg("--floor")
        .arg(&floor)
        .args(["--sizes", &sizes]);
    let runs = flag_value(args, "--runs").unwrap_or_else(|| if quick { "2" } else { "5" }.into());
    let keys =
        flag_value(args, "--keystrokes").unwrap_or_else(|| if quick { "20" } else { "40" }.into());
    node.args(["--runs", &runs, "--keystrokes", &keys]);
    if !has_flag(args, "--no-doc") {
        node.args(["--doc", "docs/performance.md"]);
    }
    node.env("ANTRAG_BIN", crate::build::server_bin())
        .env("ANTRAG_DIST", crate::build::dist())
        .env("CHROMIUM", &browser.chromium);
    run(&mut node)?;
    step(&format!(
        "bench finished ({} s){}",
        started.elapsed().as_secs(),
        if has_flag(args, "--no-doc") {
            ""
        } else {
            "; tables in docs/performance.md"
        }
    ));
    Ok(())
}

/// Builds the size-floor example for the browser target in the app's `release` profile and
/// optimises it like Trunk does the app; returns the optimised module.
fn size_floor(work: &std::path::Path) -> Result<std::path::PathBuf> {
    let mut cargo = Command::new("cargo");
    cargo.args([
        "build",
        "--quiet",
        "--release",
        "--target",
        "wasm32-unknown-unknown",
        "-p",
        "antrag-core",
        // As the app has it: without the author checks.
        "--no-default-features",
        "--example",
        "floor",
    ]);
    crate::build::size_tuned_std(&mut cargo);
    run(&mut cargo)?;
    let built = crate::util::target_dir()
        .join("wasm32-unknown-unknown/release/examples")
        .join("floor.wasm");
    let out = work.join("floor.wasm");
    // The features rustc enables by default for wasm32-unknown-unknown.
    run(Command::new(crate::tools::node_bin("wasm-opt"))
        .arg("-Oz")
        .args([
            "--enable-bulk-memory",
            "--enable-nontrapping-float-to-int",
            "--enable-sign-ext",
            "--enable-mutable-globals",
            "--enable-reference-types",
            "--enable-multivalue",
        ])
        .arg(&built)
        .arg("-o")
        .arg(&out))?;
    Ok(out)
}

/// Whether the workspace's Cargo.toml defines `[profile.<name>]`.
fn has_profile(name: &str) -> bool {
    std::fs::read_to_string(root().join("Cargo.toml"))
        .map(|s| s.lines().any(|l| l.trim() == format!("[profile.{name}]")))
        .unwrap_or(false)
}
