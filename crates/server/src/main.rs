//! `antrag`: the reference server and the authors' command line.
//!
//! - `antrag serve`: serves the app and the forms, receives submissions, offers the authority API.
//! - `antrag check`: checks form files, refreshes `forms/index.json`.
//! - `antrag schema`: prints the JSON Schema of the form format.
//! - `antrag new <id>`: starts a new form file.

mod authority;
mod cli;
mod db;
mod error;
mod forms;
mod serve;
mod submit;
mod util;

use clap::{Parser, Subcommand};
use std::path::PathBuf;
use std::time::Duration;

#[derive(Parser)]
#[command(name = "antrag", version = antrag_core::version(), about = "antrag: forms for online applications")]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Serve the app, the forms and the submission API.
    Serve(ServeArgs),
    /// Check form files (default: the folder `forms/`) and refresh the manifest `index.json`.
    Check {
        /// Form files or folders (a folder: its `*.json`, without `*.schema.json`, `index.json`
        /// and the `codelists/` folder, and its `archive/*.json` as archived versions, never
        /// listed in `index.json`; a file in a `codelists/` folder is checked as code list, one
        /// in an `archive/` folder as archived version).
        paths: Vec<PathBuf>,
        #[arg(long, value_enum, default_value = "human")]
        format: cli::Format,
        /// Do not write `index.json` in the checked folders.
        #[arg(long)]
        no_manifest: bool,
    },
    /// Print the JSON Schema of form definition files.
    Schema {
        /// Print the schema of code list files instead.
        #[arg(long)]
        codelist: bool,
    },
    /// Create `forms/<id>.json`, a small valid form to start from (never overwrites).
    New {
        /// The form id: lowercase letters, digits and `-`.
        id: String,
        /// The forms folder.
        #[arg(long, env = "ANTRAG_FORMS", default_value = "forms")]
        forms: PathBuf,
    },
}

#[derive(clap::Args)]
struct ServeArgs {
    /// Address to listen on.
    #[arg(long, env = "ANTRAG_HOST", default_value = "127.0.0.1")]
    host: String,
    /// Port to listen on (0: any free port; the address is logged).
    #[arg(long, env = "ANTRAG_PORT", default_value_t = 8080)]
    port: u16,
    /// Folder of the database.
    #[arg(long, env = "ANTRAG_DATA", default_value = "data")]
    data: PathBuf,
    /// Folder of the form definitions (served under /forms/).
    #[arg(long, env = "ANTRAG_FORMS", default_value = "forms")]
    forms: PathBuf,
    /// Folder of the built app.
    #[arg(long, env = "ANTRAG_DIST", default_value = "dist")]
    dist: PathBuf,
    /// Largest request body (`100MiB`, `512KiB`, bytes): an application with all its files.
    #[arg(long, env = "ANTRAG_BODY_LIMIT", default_value = DEFAULT_BODY_LIMIT, value_parser = util::parse_size)]
    body_limit: usize,
    /// Seconds a request may take (the dev event stream excepted).
    #[arg(long, env = "ANTRAG_REQUEST_TIMEOUT", default_value_t = 60)]
    request_timeout: u64,
    /// An origin allowed to call the API from another site (repeatable; env: comma-separated).
    #[arg(
        long = "cors-origin",
        env = "ANTRAG_CORS_ORIGINS",
        value_delimiter = ','
    )]
    cors_origins: Vec<String>,
    /// Content-Security-Policy header, replacing the default policy.
    #[arg(long, env = "ANTRAG_CSP")]
    csp: Option<String>,
    /// Days a superseded form version is still accepted (0: only the current and archived ones).
    #[arg(long, env = "ANTRAG_VERSION_GRACE_DAYS", default_value_t = 30)]
    version_grace_days: u64,
    /// Authoring preview: diagnostics and change events for the app.
    #[arg(long)]
    dev: bool,
}

fn main() {
    let cli = Cli::parse();
    let code = match cli.command {
        Command::Check {
            paths,
            format,
            no_manifest,
        } => cli::check(&paths, format, !no_manifest),
        Command::Schema { codelist } => cli::schema(codelist),
        Command::New { id, forms } => cli::new_form(&id, &forms),
        Command::Serve(a) => serve(a),
    };
    std::process::exit(code);
}

fn serve(a: ServeArgs) -> i32 {
    let api_token = std::env::var("ANTRAG_API_TOKEN")
        .ok()
        .map(|t| t.trim().to_string())
        .filter(|t| !t.is_empty());
    let cfg = serve::Config {
        host: a.host,
        port: a.port,
        data: a.data,
        forms: a.forms,
        dist: a.dist,
        body_limit: a.body_limit,
        timeout: Duration::from_secs(a.request_timeout.max(1)),
        cors_origins: a
            .cors_origins
            .into_iter()
            .map(|o| o.trim().trim_end_matches('/').to_string())
            .filter(|o| !o.is_empty())
            .collect(),
        csp: a.csp.filter(|c| !c.trim().is_empty()),
        dev: a.dev,
        version_grace: Duration::from_secs(a.version_grace_days.saturating_mul(86_400)),
        api_token,
    };
    let rt = match tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
    {
        Ok(rt) => rt,
        Err(e) => {
            cli::error_line(&format!("cannot start the runtime: {e}"));
            return 1;
        }
    };
    match rt.block_on(serve::run(cfg)) {
        Ok(()) => 0,
        Err(e) => {
            cli::error_line(&e);
            1
        }
    }
}

/// The default of `--body-limit`. `antrag check` warns about uploads beyond it, with core's
/// copy of the number (`antrag_core::check::DEFAULT_BODY_LIMIT`; a test keeps them equal).
const DEFAULT_BODY_LIMIT: &str = "100MiB";

#[cfg(test)]
mod tests {
    #[test]
    fn the_default_body_limit_is_the_one_antrag_check_warns_about() {
        assert_eq!(
            crate::util::parse_size(super::DEFAULT_BODY_LIMIT).map(|n| n as u64),
            Ok(antrag_core::check::DEFAULT_BODY_LIMIT)
        );
    }
}
