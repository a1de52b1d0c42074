//! `build`, `serve` and `test`.

use crate::tools;
use crate::util::{copy_dir, flag_value, has_flag, newest_mtime, root, run, step, Result};
use std::path::{Path, PathBuf};
use std::process::Command;

/// Inputs of the browser build; if none is newer than the stamp, the build is skipped.
fn app_inputs() -> Vec<PathBuf> {
    let r = root();
    [
        "src",
        "index.html",
        "Trunk.toml",
        "public",
        "crates/core/src",
        "crates/core/Cargo.toml",
        "Cargo.toml",
        "Cargo.lock",
    ]
    .iter()
    .map(|p| r.join(p))
    .collect()
}

/// Makes a release build for the browser compile Rust's standard library itself, with the
/// app's size-tuned profile, and abort on a panic without formatting a message
/// (`-C panic=immediate-abort`: the message machinery is most of what a panic costs in code).
/// This takes two unstable flags of cargo and rustc (`-Z build-std`), which the stable compiler
/// accepts with `RUSTC_BOOTSTRAP=1`; only this build is affected, and it is the one tested
/// end to end. The app shows its crash page on the trap such a panic becomes
/// (`on_trap_crash_page` in src/lib.rs). Without `rust-src`, the build goes on with the
/// precompiled standard library (larger, panics with messages) and says so.
pub fn size_tuned_std(cmd: &mut Command) {
    if !tools::ensure_rust_src() {
        step("note: no rust-src; building with the precompiled standard library (larger)");
        return;
    }
    cmd.env("RUSTC_BOOTSTRAP", "1")
        .env("CARGO_UNSTABLE_BUILD_STD", "std,panic_abort")
        // Replaces the rustflags of .cargo/config.toml for this target, so repeats them.
        .env(
            "CARGO_TARGET_WASM32_UNKNOWN_UNKNOWN_RUSTFLAGS",
            "--cfg erase_components -Zunstable-options -Cpanic=immediate-abort",
        );
}

pub fn dist() -> PathBuf {
    root().join("dist")
}

/// Release build of the app into `dist/`, forms copied in.
pub fn build(_args: &[String]) -> Result {
    tools::ensure_build_tools()?;
    let stamp = dist().join(".build-stamp");
    let up_to_date = match (
        newest_mtime(std::slice::from_ref(&stamp)),
        newest_mtime(&app_inputs()),
    ) {
        (Some(s), Some(i)) => s >= i && dist().join("index.html").exists(),
        _ => false,
    };
    if up_to_date {
        step("app is up to date (dist/)");
    } else {
        step("building the app (release, wasm-opt -Oz) into dist/");
        let mut trunk = Command::new(tools::trunk());
        trunk.args(["build", "--release", "--offline"]);
        size_tuned_std(&mut trunk);
        run(&mut trunk)?;
        externalize_inline_scripts(&dist().join("index.html"))?;
        // `antrag serve` sends these instead of compressing on every request.
        run(Command::new("node")
            .arg(root().join("xtask").join("precompress.mjs"))
            .arg(dist()))?;
        std::fs::write(&stamp, b"").map_err(|e| format!("write {}: {e}", stamp.display()))?;
    }
    // Forms change without a rebuild; copy them always (cheap) so dist/ can be hosted on its own.
    let forms_out = dist().join("forms");
    let _ = std::fs::remove_dir_all(&forms_out);
    copy_dir(&root().join("forms"), &forms_out)?;
    report_sizes()?;
    Ok(())
}

/// Trunk writes the wasm loader as an inline `<script type="module">`. A strict
/// Content-Security-Policy (`script-src 'self' 'wasm-unsafe-eval'`, no `unsafe-inline`) blocks
/// inline scripts, so move each into a file of its own next to index.html.
fn externalize_inline_scripts(index: &Path) -> Result {
    let html = std::fs::read_to_string(index).map_err(|e| format!("read index.html: {e}"))?;
    let mut out = String::with_capacity(html.len());
    let mut rest = html.as_str();
    let mut n = 0;
    while let Some(start) = rest.find("<script") {
        let Some(tag_end) = rest[start..].find('>').map(|i| start + i + 1) else {
            break;
        };
        let tag = &rest[start..tag_end];
        let Some(close) = rest[tag_end..].find("</script>").map(|i| tag_end + i) else {
            break;
        };
        let body = &rest[tag_end..close];
        out.push_str(&rest[..start]);
        if tag.contains("src=") || body.trim().is_empty() {
            out.push_str(&rest[start..close + 9]);
        } else {
            let name = format!("boot-{:016x}.js", fnv1a(body.as_bytes()));
            std::fs::write(index.with_file_name(&name), body.trim())
                .map_err(|e| format!("write {name}: {e}"))?;
            let module = if tag.contains("module") {
                " type=\"module\""
            } else {
                ""
            };
            out.push_str(&format!("<script{module} src=\"/{name}\"></script>"));
            n += 1;
        }
        rest = &rest[close + 9..];
    }
    out.push_str(rest);
    std::fs::write(index, out).map_err(|e| format!("write index.html: {e}"))?;
    if n > 0 {
        step(&format!(
            "moved {n} inline script(s) out of index.html (strict CSP)"
        ));
    }
    Ok(())
}

fn fnv1a(bytes: &[u8]) -> u64 {
    let mut h: u64 = 0xcbf29ce484222325;
    for b in bytes {
        h ^= u64::from(*b);
        h = h.wrapping_mul(0x100000001b3);
    }
    h
}

/// Prints the transfer size of the built app (gzip), the number the project is judged by.
fn report_sizes() -> Result {
    let mut total_raw = 0u64;
    let mut total_gz = 0u64;
    let Ok(entries) = std::fs::read_dir(dist()) else {
        return Ok(());
    };
    for e in entries.flatten() {
        let p = e.path();
        let ext = p.extension().and_then(|x| x.to_str()).unwrap_or("");
        if !matches!(ext, "wasm" | "js" | "css" | "html") {
            continue;
        }
        let raw = std::fs::metadata(&p).map(|m| m.len()).unwrap_or(0);
        let gz = crate::util::output(
            Command::new("sh")
                .arg("-c")
                .arg(format!("gzip -9 -c '{}' | wc -c", p.display())),
        )
        .and_then(|s| s.trim().parse::<u64>().ok())
        .unwrap_or(0);
        total_raw += raw;
        total_gz += gz;
    }
    step(&format!(
        "app transfer size: {:.1} KiB gzip ({:.1} KiB raw)",
        total_gz as f64 / 1024.0,
        total_raw as f64 / 1024.0
    ));
    Ok(())
}

/// Path of the server binary built by [`build_server`].
pub fn server_bin() -> PathBuf {
    crate::util::target_dir().join("debug").join("antrag")
}

pub fn build_server() -> Result {
    step("building the server (antrag)");
    run(Command::new("cargo").args(["build", "--package", "antrag-server", "--bin", "antrag"]))
}

pub fn serve(args: &[String]) -> Result {
    build(&[])?;
    build_server()?;
    let port = flag_value(args, "--port").unwrap_or_else(|| "8080".into());
    let data = flag_value(args, "--data").unwrap_or_else(|| "data".into());
    let mut cmd = Command::new(server_bin());
    cmd.args([
        "serve", "--port", &port, "--data", &data, "--forms", "forms", "--dist", "dist",
    ]);
    if has_flag(args, "--dev") {
        cmd.arg("--dev");
    }
    step(&format!(
        "serving on http://127.0.0.1:{port}/  (forms from forms/, submissions into {data}/; Ctrl-C stops)"
    ));
    if std::env::var_os("ANTRAG_API_TOKEN").is_some() {
        step("authority API enabled (ANTRAG_API_TOKEN is set)");
    }
    run(&mut cmd)
}

pub fn test(args: &[String]) -> Result {
    let started = std::time::Instant::now();
    tools::ensure_wasm_target()?;
    let browser_wanted = !has_flag(args, "--no-browser");
    let installing = if browser_wanted {
        tools::install_in_background()?
    } else {
        None
    };
    step("native tests: cargo test --workspace");
    run(Command::new("cargo").args(["test", "--workspace", "--all-targets"]))?;
    run(Command::new("cargo").args(["test", "--workspace", "--doc"]))?;

    if !browser_wanted {
        step(&format!(
            "native tests passed ({} s); browser and end-to-end tests skipped",
            started.elapsed().as_secs()
        ));
        return Ok(());
    }

    let browser = tools::ensure_chromium()?;
    if let Some(handle) = installing {
        step("waiting for the tool installation to finish");
        handle
            .join()
            .map_err(|_| "tool installation panicked".to_string())??;
    }
    tools::ensure_build_tools()?;

    step("browser tests: wasm-bindgen-test in headless Chromium");
    run(Command::new("cargo")
        .args([
            "test",
            "--package",
            "antrag-app",
            "--target",
            "wasm32-unknown-unknown",
            "--test",
            "web",
        ])
        .env(
            "CARGO_TARGET_WASM32_UNKNOWN_UNKNOWN_RUNNER",
            tools::wasm_bindgen_test_runner(),
        )
        .env("CHROMEDRIVER", &browser.chromedriver)
        .env("WASM_BINDGEN_TEST_TIMEOUT", "120"))?;

    step("end-to-end tests: Playwright + Chromium against the real server");
    build(&[])?;
    // `cargo test --workspace` above already built target/debug/antrag for the server's
    // integration tests, with the test run's feature set; `cargo build` would rebuild half of
    // the dependency tree with slightly different features.
    if !server_bin().exists() {
        build_server()?;
    }
    let e2e = root().join("tests").join("e2e");
    if e2e.is_dir() {
        run(Command::new("node")
            .arg("--test")
            .arg("--test-concurrency=1")
            .arg(&e2e)
            .env("ANTRAG_BIN", server_bin())
            .env("ANTRAG_DIST", dist())
            .env("ANTRAG_FORMS", root().join("forms"))
            .env("CHROMIUM", &browser.chromium))?;
    }
    step(&format!(
        "all tests passed ({} min)",
        started.elapsed().as_secs().div_ceil(60)
    ));
    Ok(())
}
