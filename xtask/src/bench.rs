//! `cargo xtask bench`: size and speed measurements (see docs/performance.md).

use crate::util::Result;

pub fn bench(_args: &[String]) -> Result {
    crate::build::build(&[])?;
    Ok(())
}
