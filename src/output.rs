//! Where a command's output goes: standard output (where a closed pipe is no error) or a file
//! written atomically, never over one of the command's inputs.

use std::io::Write;
use std::path::{Path, PathBuf};

use crate::failure::Failure;
use crate::text::Msg;

/// The output could not be written: the run failed.
pub fn output_failure(e: std::io::Error) -> Failure {
    Failure::Message(Msg::new(
        format!("无法写入输出：{e}"),
        format!("cannot write output: {e}"),
    ))
}

/// `text` to standard output, or to `path` (atomically) when `--output` names one.
pub fn write_output(path: Option<&Path>, text: &str) -> Result<(), Failure> {
    match path {
        None => {
            let mut stdout = std::io::stdout().lock();
            // A closed pipe (`| head`) is not an error worth reporting.
            let _ = stdout.write_all(text.as_bytes());
            Ok(())
        }
        Some(p) => write_atomically(p, text.as_bytes()).map_err(output_failure),
    }
}

/// Standard output that takes a closed pipe (`| head`) as a reader that has seen enough: the
/// rest is discarded, which is not an error worth reporting.
pub struct ClosedPipeIsFine<W> {
    inner: W,
    closed: bool,
}

impl<W: Write> ClosedPipeIsFine<W> {
    pub fn new(inner: W) -> ClosedPipeIsFine<W> {
        ClosedPipeIsFine {
            inner,
            closed: false,
        }
    }

    fn unless_closed<T>(&mut self, result: std::io::Result<T>, discarded: T) -> std::io::Result<T> {
        match result {
            Err(e) if e.kind() == std::io::ErrorKind::BrokenPipe => {
                self.closed = true;
                Ok(discarded)
            }
            other => other,
        }
    }
}

impl<W: Write> Write for ClosedPipeIsFine<W> {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        if self.closed {
            return Ok(buf.len());
        }
        let result = self.inner.write(buf);
        self.unless_closed(result, buf.len())
    }

    fn flush(&mut self) -> std::io::Result<()> {
        if self.closed {
            return Ok(());
        }
        let result = self.inner.flush();
        self.unless_closed(result, ())
    }
}

/// Refuses an `--output` that is one of the inputs or lies inside an input folder (where the
/// next run would read it as an export): nothing is ever written into an input path.
pub fn guard_output(output: &Path, inputs: &[&Path]) -> Result<(), Failure> {
    let Some(out) = resolve(output) else {
        return Ok(());
    };
    for input in inputs {
        if input.as_os_str() == "-" {
            continue;
        }
        let Ok(real) = std::fs::canonicalize(input) else {
            continue;
        };
        if out == real || (real.is_dir() && out.starts_with(&real)) {
            let (o, i) = (output.display(), input.display());
            return Err(Failure::Message(Msg::new(
                format!("拒绝写入 {o}：它是输入 {i}，或位于输入目录之内；请另选输出位置"),
                format!(
                    "refusing to write {o}: it is the input {i} or inside that input folder; choose another output"
                ),
            )));
        }
    }
    Ok(())
}

/// The real path `path` names, whether or not it exists yet (its folder must).
fn resolve(path: &Path) -> Option<PathBuf> {
    if let Ok(real) = std::fs::canonicalize(path) {
        return Some(real);
    }
    let dir = path.parent().filter(|d| !d.as_os_str().is_empty());
    let dir = std::fs::canonicalize(dir.unwrap_or(Path::new("."))).ok()?;
    Some(dir.join(path.file_name()?))
}

/// Writes `bytes` to `path` as an [`AtomicFile`] does.
pub fn write_atomically(path: &Path, bytes: &[u8]) -> std::io::Result<()> {
    let mut file = AtomicFile::create(path)?;
    file.write_all(bytes)?;
    file.commit()
}

/// An output file written through a temporary file in the same folder, renamed into place by
/// [`AtomicFile::commit`], so a reader never sees half a report and an interrupted or failed
/// run (the file dropped uncommitted) leaves the old file whole. The file gets the permissions
/// of the one it replaces, or else those a new file gets (0666 less the umask), not the
/// temporary file's private 0600.
pub struct AtomicFile {
    path: PathBuf,
    tmp: tempfile::NamedTempFile,
}

impl AtomicFile {
    pub fn create(path: &Path) -> std::io::Result<AtomicFile> {
        let dir = path
            .parent()
            .filter(|d| !d.as_os_str().is_empty())
            .unwrap_or(Path::new("."));
        let existing = std::fs::metadata(path).ok().map(|m| m.permissions());
        let mut builder = tempfile::Builder::new();
        #[cfg(unix)]
        {
            use std::os::unix::fs::PermissionsExt;
            // The mode is passed to open(2), which applies the umask.
            builder.permissions(std::fs::Permissions::from_mode(0o666));
        }
        let tmp = builder.tempfile_in(dir)?;
        if let Some(perms) = existing {
            tmp.as_file().set_permissions(perms)?;
        }
        Ok(AtomicFile {
            path: path.to_path_buf(),
            tmp,
        })
    }

    /// Puts the file written so far in place of `path`.
    pub fn commit(mut self) -> std::io::Result<()> {
        self.tmp.flush()?;
        self.tmp.as_file().sync_all()?;
        self.tmp.persist(&self.path).map_err(|e| e.error)?;
        Ok(())
    }
}

impl Write for AtomicFile {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        self.tmp.write(buf)
    }

    fn flush(&mut self) -> std::io::Result<()> {
        self.tmp.flush()
    }
}
