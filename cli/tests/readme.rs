//! Every `$ proficient ...` line in the README's console blocks runs and
//! succeeds, so the documented commands cannot rot.

#![allow(
    clippy::panic,
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::indexing_slicing
)]

use std::path::Path;
use std::process::Command;

#[test]
fn readme_commands_run() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("..");
    let readme = std::fs::read_to_string(root.join("README.md")).unwrap();
    let mut in_console = false;
    let mut ran = 0;
    for line in readme.lines() {
        if line.starts_with("```") {
            in_console = line.trim() == "```console";
            continue;
        }
        let Some(cmd) = line.strip_prefix("$ proficient ").filter(|_| in_console) else {
            continue;
        };
        let args: Vec<&str> = cmd.split_whitespace().collect();
        let out = Command::new(env!("CARGO_BIN_EXE_proficient"))
            .args(&args)
            .current_dir(&root)
            .output()
            .unwrap();
        assert!(
            out.status.success(),
            "`proficient {cmd}` failed: {}",
            String::from_utf8_lossy(&out.stderr)
        );
        assert!(
            !out.stdout.is_empty() || !out.stderr.is_empty(),
            "`proficient {cmd}` printed nothing"
        );
        ran += 1;
    }
    assert!(ran >= 5, "only {ran} README commands found");
}
