//! Writing results: to standard output, or to a file given with `--out`
//! (atomically where that is possible: a temporary file in the same
//! directory, then a rename, so a reader never sees half a file). What is
//! written is made by the core (`proficient::present`).

use std::io::Write;
use std::path::{Path, PathBuf};

use crate::Failure;

/// Writes `text` to `out`, or to standard output.
pub fn emit(out: Option<&Path>, text: &str) -> Result<(), Failure> {
    emit_with(out, |w| w.write_all(text.as_bytes()))
}

/// Writes the result of `operation` run with `args` (its options, as
/// [`crate::args::options`] reads them) as an `.xlsx` workbook to `out`
/// (required: a workbook is not for a terminal); `render` as
/// `api::call_text` takes it (the cohort's `view`).
pub fn emit_workbook(
    operation: &str,
    args: &impl serde::Serialize,
    out: Option<&Path>,
    render: &str,
) -> Result<(), Failure> {
    let Some(path) = out else {
        return Err(Failure::Usage(
            "--format xlsx writes a workbook, not text: give --out FILE.xlsx".into(),
        ));
    };
    let json = serde_json::to_string(args)
        .map_err(|e| Failure::Usage(format!("cannot read the arguments: {e}")))?;
    let bytes = proficient::api::workbook::call_workbook(
        operation,
        &json,
        render,
        &[],
        crate::args::env(),
    )?;
    write_file_with(path, |f| f.write_all(&bytes)).map_err(|e| write_failure(path, &e))
}

/// Refuses `--format xlsx` for `command`, which writes no workbook.
pub fn no_workbook(command: &str, xlsx: bool) -> Result<(), Failure> {
    if xlsx {
        return Err(Failure::Usage(format!(
            "{command} has no xlsx output, expected --format table, json or csv (workbooks: score, screen, progress, cpd, cohort, equality)"
        )));
    }
    Ok(())
}

/// Writes `value` as pretty JSON and a final newline, without building the
/// text first.
pub fn emit_json<T: serde::Serialize>(out: Option<&Path>, value: &T) -> Result<(), Failure> {
    emit_with(out, |w| proficient::render::json::write_json(w, value))
}

/// Lets `write` write the output to `out` (see [`write_file_with`]), or to
/// standard output (a closed pipe, as with `| head`, is not an error). The
/// writer is buffered.
pub fn emit_with(
    out: Option<&Path>,
    write: impl FnOnce(&mut dyn Write) -> std::io::Result<()>,
) -> Result<(), Failure> {
    match out {
        None => {
            let mut stdout = std::io::BufWriter::with_capacity(1 << 16, std::io::stdout().lock());
            write(&mut stdout)
                .and_then(|()| stdout.flush())
                .or_else(|e| match e.kind() {
                    std::io::ErrorKind::BrokenPipe => Ok(()),
                    _ => Err(e),
                })
                .map_err(|e| Failure::Usage(format!("cannot write to standard output: {e}")))
        }
        Some(path) => write_file_with(path, |f| {
            let mut w = std::io::BufWriter::with_capacity(1 << 16, f);
            write(&mut w)?;
            w.flush()
        })
        .map_err(|e| write_failure(path, &e)),
    }
}

/// The usage error for an output file that could not be written.
pub fn write_failure(path: &Path, e: &std::io::Error) -> Failure {
    let hint = match e.kind() {
        std::io::ErrorKind::NotFound | std::io::ErrorKind::PermissionDenied => {
            "; check the directory exists and is writable"
        }
        _ => "",
    };
    Failure::Usage(format!("cannot write `{}`: {e}{hint}", path.display()))
}

/// Writes the output file `path` with `write`:
///
/// - a regular file, or nothing yet: atomically, `write` filling a hidden
///   temporary file next to it (`.NAME.XXXXXX.tmp`) that then replaces it,
///   keeping its permissions (and owner, where allowed); the temporary file
///   is removed on error and on SIGINT, SIGTERM and SIGHUP;
/// - a symbolic link: the file it points to, as above (the link stays);
/// - anything else that can be opened for writing (a FIFO, a terminal,
///   `/dev/null`): written to directly, never replaced;
/// - a directory: an error.
pub fn write_file_with<T>(
    path: &Path,
    write: impl FnOnce(&mut std::fs::File) -> std::io::Result<T>,
) -> std::io::Result<T> {
    let target = resolve_links(path)?;
    let existing = match std::fs::metadata(&target) {
        Ok(m) => Some(m),
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => None,
        Err(e) => return Err(e),
    };
    match &existing {
        Some(m) if m.is_dir() => {
            return Err(std::io::Error::new(
                std::io::ErrorKind::IsADirectory,
                "it is a directory, expected a file",
            ))
        }
        Some(m) if !m.is_file() => {
            // A device, FIFO or the like: replacing it would break it
            // (`--out /dev/null` as root), so write to it as it is.
            let mut f = std::fs::OpenOptions::new().write(true).open(&target)?;
            let out = write(&mut f)?;
            f.flush()?;
            return Ok(out);
        }
        _ => {}
    }
    let dir = match target.parent() {
        Some(d) if !d.as_os_str().is_empty() => d,
        _ => Path::new("."),
    };
    let name = target
        .file_name()
        .map_or_else(|| "out".into(), |n| n.to_string_lossy());
    let (mut tmp, registered) = cleanup::create(|| {
        tempfile::Builder::new()
            .prefix(&format!(".{name}."))
            .suffix(".tmp")
            .tempfile_in(dir)
    })?;
    // Temporary files are private (0600); the output is an ordinary file.
    #[cfg(unix)]
    {
        use std::os::unix::fs::{MetadataExt, PermissionsExt};
        let mode = existing
            .as_ref()
            .map_or(0o644, |m| m.permissions().mode() & 0o7777);
        tmp.as_file()
            .set_permissions(std::fs::Permissions::from_mode(mode))?;
        if let Some(m) = &existing {
            // Only root may give a file away; anyone else keeps it.
            let _ = std::os::unix::fs::fchown(tmp.as_file(), Some(m.uid()), Some(m.gid()));
        }
    }
    let out = write(tmp.as_file_mut())?;
    tmp.as_file().sync_all()?;
    registered.persist(tmp, &target)?;
    Ok(out)
}

/// `path` with symbolic links in its last component followed (up to 40),
/// so the file they point to is the one replaced, not the link.
fn resolve_links(path: &Path) -> std::io::Result<PathBuf> {
    let mut p = path.to_path_buf();
    for _ in 0..40 {
        match std::fs::symlink_metadata(&p) {
            Ok(m) if m.file_type().is_symlink() => {
                let to = std::fs::read_link(&p)?;
                p = match p.parent() {
                    Some(dir) if to.is_relative() => dir.join(to),
                    _ => to,
                };
            }
            _ => return Ok(p),
        }
    }
    Err(std::io::Error::other(
        "too many levels of symbolic links, expected at most 40",
    ))
}

/// Temporary output files not yet renamed into place, removed when a
/// signal ends the process (an error or a panic removes them anyway: they
/// are deleted when dropped).
mod cleanup {
    use std::path::{Path, PathBuf};
    use std::sync::{Mutex, MutexGuard};

    static PENDING: Mutex<Vec<PathBuf>> = Mutex::new(Vec::new());

    fn pending() -> MutexGuard<'static, Vec<PathBuf>> {
        PENDING
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner)
    }

    /// A temporary file listed for removal on a signal.
    pub struct Registered(PathBuf);

    /// Creates a temporary file with `make` and lists it, under the lock
    /// the signal handler takes: a signal cannot come in between.
    pub fn create(
        make: impl FnOnce() -> std::io::Result<tempfile::NamedTempFile>,
    ) -> std::io::Result<(tempfile::NamedTempFile, Registered)> {
        install();
        let mut list = pending();
        let tmp = make()?;
        list.push(tmp.path().to_path_buf());
        let path = tmp.path().to_path_buf();
        Ok((tmp, Registered(path)))
    }

    impl Registered {
        /// Renames `tmp` to `target` and takes it off the list, under the
        /// lock: a signal sees either the temporary file or none.
        pub fn persist(self, tmp: tempfile::NamedTempFile, target: &Path) -> std::io::Result<()> {
            let _list = pending();
            tmp.persist(target).map(drop).map_err(|e| e.error)
            // `self` is dropped after the lock is released.
        }
    }

    impl Drop for Registered {
        fn drop(&mut self) {
            pending().retain(|p| *p != self.0);
        }
    }

    #[cfg(unix)]
    fn install() {
        static ONCE: std::sync::Once = std::sync::Once::new();
        ONCE.call_once(|| {
            use signal_hook::consts::{SIGHUP, SIGINT, SIGTERM};
            let Ok(mut signals) = signal_hook::iterator::Signals::new([SIGINT, SIGTERM, SIGHUP])
            else {
                return;
            };
            std::thread::spawn(move || {
                if let Some(signal) = signals.forever().next() {
                    let list = pending();
                    for p in list.iter() {
                        let _ = std::fs::remove_file(p);
                    }
                    // End as the signal would have (killed by it), keeping
                    // the lock so no new file is made meanwhile.
                    let _ = signal_hook::low_level::emulate_default_handler(signal);
                    std::process::exit(128 + signal);
                }
            });
        });
    }

    #[cfg(not(unix))]
    fn install() {}
}
