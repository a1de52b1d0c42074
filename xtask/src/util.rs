//! Small helpers: paths, running commands with visible progress.

use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::Instant;

pub type Result<T = ()> = std::result::Result<T, String>;

/// The repository root (the parent of `xtask/`).
pub fn root() -> PathBuf {
    let dir = PathBuf::from(env!("CARGO_MANIFEST_DIR"));
    dir.parent().map(Path::to_path_buf).unwrap_or(dir)
}

/// Cargo's build folder: `CARGO_TARGET_DIR` when set (relative to the project), else `target/`.
pub fn target_dir() -> PathBuf {
    match std::env::var_os("CARGO_TARGET_DIR") {
        Some(dir) if !dir.is_empty() => root().join(dir),
        _ => root().join("target"),
    }
}

/// Folder for Rust tools installed by xtask (git-ignored).
pub fn tools_dir() -> PathBuf {
    root().join(".tools")
}

/// `PATH` with the project's tools first, so Trunk finds our wasm-bindgen and wasm-opt.
pub fn tool_path() -> String {
    let mut parts = vec![
        tools_dir().join("bin").display().to_string(),
        root()
            .join("node_modules")
            .join(".bin")
            .display()
            .to_string(),
    ];
    if let Ok(p) = std::env::var("PATH") {
        parts.push(p);
    }
    parts.join(":")
}

/// A progress line.
pub fn step(msg: &str) {
    eprintln!("\x1b[1m==>\x1b[0m {msg}");
}

/// Runs a command in the repository root with the tools on `PATH`, inheriting output.
pub fn run(cmd: &mut Command) -> Result {
    let started = Instant::now();
    cmd.current_dir(root()).env("PATH", tool_path());
    let shown = show(cmd);
    let status = cmd
        .status()
        .map_err(|e| format!("could not start `{shown}`: {e}"))?;
    if !status.success() {
        return Err(format!("`{shown}` failed ({status})"));
    }
    let secs = started.elapsed().as_secs_f32();
    if secs > 5.0 {
        eprintln!("    ({shown}: {secs:.0} s)");
    }
    Ok(())
}

/// Runs a command and returns its trimmed stdout, or `None` if it could not run or failed.
pub fn output(cmd: &mut Command) -> Option<String> {
    cmd.current_dir(root())
        .env("PATH", tool_path())
        .stdin(Stdio::null())
        .stderr(Stdio::null());
    let out = cmd.output().ok()?;
    out.status
        .success()
        .then(|| String::from_utf8_lossy(&out.stdout).trim().to_string())
}

fn show(cmd: &Command) -> String {
    let mut s = cmd.get_program().to_string_lossy().into_owned();
    for a in cmd.get_args() {
        s.push(' ');
        s.push_str(&a.to_string_lossy());
    }
    s
}

/// Value of `--name VALUE` in `args`.
pub fn flag_value(args: &[String], name: &str) -> Option<String> {
    args.iter()
        .position(|a| a == name)
        .and_then(|i| args.get(i + 1).cloned())
        .or_else(|| {
            let prefix = format!("{name}=");
            args.iter()
                .find_map(|a| a.strip_prefix(&prefix).map(str::to_string))
        })
}

pub fn has_flag(args: &[String], name: &str) -> bool {
    args.iter().any(|a| a == name)
}

/// Copies a directory tree (files only; overwrites).
pub fn copy_dir(from: &Path, to: &Path) -> Result {
    std::fs::create_dir_all(to).map_err(|e| format!("create {}: {e}", to.display()))?;
    let entries = std::fs::read_dir(from).map_err(|e| format!("read {}: {e}", from.display()))?;
    for entry in entries {
        let entry = entry.map_err(|e| e.to_string())?;
        let path = entry.path();
        let target = to.join(entry.file_name());
        if path.is_dir() {
            copy_dir(&path, &target)?;
        } else {
            std::fs::copy(&path, &target).map_err(|e| format!("copy {}: {e}", path.display()))?;
        }
    }
    Ok(())
}

/// Newest modification time of any file below `paths` (for "is the build up to date").
pub fn newest_mtime(paths: &[PathBuf]) -> Option<std::time::SystemTime> {
    fn walk(p: &Path, newest: &mut Option<std::time::SystemTime>) {
        let Ok(meta) = std::fs::metadata(p) else {
            return;
        };
        if meta.is_dir() {
            if let Ok(rd) = std::fs::read_dir(p) {
                for e in rd.flatten() {
                    walk(&e.path(), newest);
                }
            }
        } else if let Ok(m) = meta.modified() {
            if newest.is_none_or(|n| m > n) {
                *newest = Some(m);
            }
        }
    }
    let mut newest = None;
    for p in paths {
        walk(p, &mut newest);
    }
    newest
}
