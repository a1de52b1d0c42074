//! Integration tests of the `antrag` binary: the server on an ephemeral loopback port with
//! temporary folders, and the CLI. One test binary (modules in `tests/server/`).

#[path = "server/support.rs"]
mod support;

#[path = "server/cli.rs"]
mod cli;
#[path = "server/refusals.rs"]
mod refusals;
#[path = "server/storage.rs"]
mod storage;
#[path = "server/submissions.rs"]
mod submissions;
#[path = "server/web.rs"]
mod web;
