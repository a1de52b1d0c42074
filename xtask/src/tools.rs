//! The pinned tools and their installation. One place for every version.
//!
//! - Trunk 0.21.14: the newest that builds with the project's rustc.
//! - wasm-bindgen-cli: must equal the `wasm-bindgen` version in Cargo.lock (read from there).
//!   Installed without `--locked`: one of its pinned dependencies is no longer on the registry.
//! - binaryen (wasm-opt), playwright-core, axe-core: npm packages pinned in `package.json` /
//!   `package-lock.json`. Debian's binaryen (wasm-opt 108) miscompiles our module, so never use it.
//! - Chromium and chromedriver: the distribution's packages.

use crate::util::{output, root, run, step, tools_dir, Result};
use std::path::{Path, PathBuf};
use std::process::Command;

pub const TRUNK_VERSION: &str = "0.21.14";
pub const WASM_OPT_VERSION: &str = "version_132";

pub fn ensure_all() -> Result {
    ensure_wasm_target()?;
    ensure_trunk()?;
    ensure_wasm_bindgen()?;
    ensure_npm()?;
    ensure_chromium()?;
    Ok(())
}

/// Everything `cargo xtask build` needs.
pub fn ensure_build_tools() -> Result {
    ensure_wasm_target()?;
    ensure_trunk()?;
    ensure_wasm_bindgen()?;
    ensure_npm()
}

pub fn ensure_wasm_target() -> Result {
    let installed = output(Command::new("rustup").args(["target", "list", "--installed"]));
    match installed {
        Some(list) if list.lines().any(|l| l.trim() == "wasm32-unknown-unknown") => Ok(()),
        Some(_) => {
            step("installing the Rust target wasm32-unknown-unknown");
            run(Command::new("rustup").args(["target", "add", "wasm32-unknown-unknown"]))
        }
        // No rustup: assume the toolchain was set up otherwise; the build will say if not.
        None => Ok(()),
    }
}

/// Whether the standard library's source is there (rustup's component `rust-src`), installing
/// it if rustup can. The browser build compiles the standard library from it (see
/// `build::size_tuned_std`); without it, the build uses the precompiled one and is larger.
pub fn ensure_rust_src() -> bool {
    let library = || {
        output(Command::new("rustc").args(["--print", "sysroot"]))
            .map(|sysroot| Path::new(sysroot.trim()).join("lib/rustlib/src/rust/library"))
            .filter(|l| l.join("std/Cargo.toml").exists())
    };
    let library = match library() {
        Some(l) => l,
        None => {
            if output(Command::new("rustup").arg("--version")).is_none() {
                return false;
            }
            step(
                "installing the Rust component rust-src \
                 (the browser build compiles the standard library)",
            );
            if run(Command::new("rustup").args(["component", "add", "rust-src"])).is_err() {
                return false;
            }
            match library() {
                Some(l) => l,
                None => return false,
            }
        }
    };
    // The standard library's own dependencies (compiler_builtins, …) come from the registry
    // like any crate's; Trunk builds offline, so they must be in cargo's cache first. On a
    // machine that has them this takes a fraction of a second and downloads nothing.
    let fetched = Command::new("cargo")
        .args(["fetch", "--locked", "--quiet", "--manifest-path"])
        .arg(library.join("Cargo.toml"))
        // The library's manifest uses unstable cargo features.
        .env("RUSTC_BOOTSTRAP", "1")
        .status()
        .is_ok_and(|s| s.success());
    if !fetched {
        step("note: could not fetch the standard library's dependencies from the registry");
    }
    fetched
}

fn bin(name: &str) -> PathBuf {
    tools_dir().join("bin").join(name)
}

pub fn trunk() -> PathBuf {
    bin("trunk")
}

pub fn ensure_trunk() -> Result {
    match trunk_install() {
        None => Ok(()),
        Some(mut cmd) => {
            step(&format!(
                "installing trunk {TRUNK_VERSION} into .tools/ (compiles from source; several minutes, once)"
            ));
            run(&mut cmd)
        }
    }
}

/// Build settings for tools we install: they only have to work, not be fast, so trade runtime
/// speed for a much shorter compile on a small machine.
fn install_command() -> Command {
    let mut cmd = Command::new("cargo");
    cmd.env("CARGO_PROFILE_RELEASE_LTO", "off")
        .env("CARGO_PROFILE_RELEASE_CODEGEN_UNITS", "64")
        .env("CARGO_PROFILE_RELEASE_OPT_LEVEL", "1")
        .env("CARGO_PROFILE_RELEASE_DEBUG", "0")
        .env_remove("CARGO_TARGET_DIR");
    cmd
}

/// The command that installs Trunk, if it is missing or of another version.
pub fn trunk_install() -> Option<Command> {
    let have = output(Command::new(trunk()).arg("--version"));
    if have.is_some_and(|v| v.contains(TRUNK_VERSION)) {
        return None;
    }
    let mut cmd = install_command();
    cmd.args([
        "install",
        "trunk",
        "--version",
        TRUNK_VERSION,
        "--locked",
        "--root",
        &tools_dir().display().to_string(),
    ]);
    Some(cmd)
}

/// The `wasm-bindgen` version recorded in Cargo.lock.
pub fn lockfile_wasm_bindgen_version() -> Result<String> {
    let lock = std::fs::read_to_string(root().join("Cargo.lock"))
        .map_err(|e| format!("read Cargo.lock: {e}"))?;
    let mut lines = lock.lines();
    while let Some(line) = lines.next() {
        if line.trim() == "name = \"wasm-bindgen\"" {
            if let Some(v) = lines
                .next()
                .and_then(|l| l.trim().strip_prefix("version = "))
            {
                return Ok(v.trim_matches('"').to_string());
            }
        }
    }
    Err("Cargo.lock has no wasm-bindgen entry".into())
}

pub fn wasm_bindgen_test_runner() -> PathBuf {
    bin("wasm-bindgen-test-runner")
}

pub fn ensure_wasm_bindgen() -> Result {
    match wasm_bindgen_install()? {
        None => Ok(()),
        Some(mut cmd) => {
            step("installing wasm-bindgen-cli into .tools/ (matches Cargo.lock; a few minutes, once)");
            run(&mut cmd)
        }
    }
}

/// The command that installs wasm-bindgen-cli, if it is missing or not the lockfile's version.
pub fn wasm_bindgen_install() -> Result<Option<Command>> {
    let want = lockfile_wasm_bindgen_version()?;
    let have = output(Command::new(bin("wasm-bindgen")).arg("--version"));
    if have.is_some_and(|v| v.split_whitespace().nth(1) == Some(want.as_str())) {
        return Ok(None);
    }
    let mut cmd = install_command();
    cmd.args([
        "install",
        "wasm-bindgen-cli",
        "--version",
        &want,
        "--force",
        "--root",
        &tools_dir().display().to_string(),
    ]);
    Ok(Some(cmd))
}

/// Starts the slow Rust tool installs (Trunk, wasm-bindgen-cli) in the background, one after the
/// other, logging to `.tools/install.log`, so they overlap with other work (the native tests).
pub fn install_in_background() -> Result<Option<std::thread::JoinHandle<Result>>> {
    let mut cmds: Vec<Command> = Vec::new();
    cmds.extend(trunk_install());
    cmds.extend(wasm_bindgen_install()?);
    if cmds.is_empty() {
        return Ok(None);
    }
    std::fs::create_dir_all(tools_dir()).map_err(|e| e.to_string())?;
    let log_path = tools_dir().join("install.log");
    step(&format!(
        "installing trunk and wasm-bindgen-cli in the background (once; log: {})",
        log_path.display()
    ));
    Ok(Some(std::thread::spawn(move || {
        for mut cmd in cmds {
            let log = std::fs::File::create(&log_path).map_err(|e| e.to_string())?;
            let err = log.try_clone().map_err(|e| e.to_string())?;
            let status = cmd
                .current_dir(root())
                .stdout(log)
                .stderr(err)
                .status()
                .map_err(|e| format!("could not start cargo install: {e}"))?;
            if !status.success() {
                let text = std::fs::read_to_string(&log_path).unwrap_or_default();
                let tail: Vec<&str> = text.lines().rev().take(30).collect();
                let tail: Vec<&str> = tail.into_iter().rev().collect();
                return Err(format!("tool installation failed:\n{}", tail.join("\n")));
            }
        }
        Ok(())
    })))
}

pub fn node_bin(name: &str) -> PathBuf {
    root().join("node_modules").join(".bin").join(name)
}

/// npm packages from package-lock.json into node_modules/ (only when missing or outdated).
pub fn ensure_npm() -> Result {
    let marker = root().join("node_modules").join(".package-lock.json");
    let lock = root().join("package-lock.json");
    let fresh = match (mtime(&marker), mtime(&lock)) {
        (Some(m), Some(l)) => m >= l,
        _ => false,
    };
    let wasm_opt_ok = output(Command::new(node_bin("wasm-opt")).arg("--version"))
        .is_some_and(|v| v.contains(WASM_OPT_VERSION));
    if fresh && wasm_opt_ok {
        return Ok(());
    }
    if output(Command::new("npm").arg("--version")).is_none() {
        return Err("npm was not found. Install Node.js 20 or newer with npm \
             (Debian: `apt-get install nodejs npm`), then run this again."
            .into());
    }
    step("installing npm packages (binaryen, playwright-core, axe-core, survey-core for the benchmark) into node_modules/");
    run(Command::new("npm").args(["ci", "--no-audit", "--no-fund", "--loglevel=error"]))?;
    let v = output(Command::new(node_bin("wasm-opt")).arg("--version")).unwrap_or_default();
    if !v.contains(WASM_OPT_VERSION) {
        return Err(format!(
            "node_modules/.bin/wasm-opt reports `{v}`, expected {WASM_OPT_VERSION}"
        ));
    }
    Ok(())
}

fn mtime(p: &Path) -> Option<std::time::SystemTime> {
    std::fs::metadata(p).ok()?.modified().ok()
}

pub struct Browser {
    pub chromium: PathBuf,
    pub chromedriver: PathBuf,
}

fn find_in_path(names: &[&str]) -> Option<PathBuf> {
    let path = std::env::var("PATH").unwrap_or_default();
    for name in names {
        for dir in path.split(':').chain(["/usr/bin", "/usr/local/bin"]) {
            let p = Path::new(dir).join(name);
            if p.is_file() {
                return Some(p);
            }
        }
    }
    None
}

fn find_browser() -> Option<Browser> {
    let chromium = std::env::var_os("CHROMIUM")
        .map(PathBuf::from)
        .or_else(|| find_in_path(&["chromium", "chromium-browser", "google-chrome"]))?;
    let chromedriver = std::env::var_os("CHROMEDRIVER")
        .map(PathBuf::from)
        .or_else(|| find_in_path(&["chromedriver"]))?;
    Some(Browser {
        chromium,
        chromedriver,
    })
}

/// Chromium and chromedriver, installed from the distribution's packages when missing and we may.
pub fn ensure_chromium() -> Result<Browser> {
    if let Some(b) = find_browser() {
        return Ok(b);
    }
    let is_root = output(Command::new("id").arg("-u")).as_deref() == Some("0");
    let has_apt = Path::new("/usr/bin/apt-get").exists();
    if !(is_root && has_apt) {
        return Err("the browser tests need Chromium and chromedriver, which are missing.\n\
             On Debian/Ubuntu install them with:\n    sudo apt-get install chromium chromium-driver\n\
             (or set CHROMIUM and CHROMEDRIVER to their paths), then run this again."
            .into());
    }
    step("installing chromium and chromium-driver from the distribution's packages");
    run(Command::new("apt-get").arg("update").arg("-qq"))?;
    run(Command::new("apt-get")
        .args([
            "install",
            "-y",
            "-qq",
            "--no-install-recommends",
            "chromium",
            "chromium-driver",
        ])
        .env("DEBIAN_FRONTEND", "noninteractive"))?;
    find_browser().ok_or_else(|| "chromium was installed but not found on PATH".to_string())
}
