//! Many files in one command (`get -r`, `put -r`, patterns, `mirror`): one failure does
//! not stop the rest. Each failure is warned about when it happens and named again at the
//! end, where the command fails with the first failure's exit code. A failure that cut the
//! control connection is followed by a reconnect; when that fails too, the batch stops.

use anyhow::Context;
use serde::Serialize;

use super::control::Control;
use crate::error::{Kind, fail, kind_of, one_line};
use crate::output::{Output, sanitize};

/// One file or directory that was skipped or failed.
#[derive(Debug, Clone, Serialize)]
pub struct Failure {
    pub path: String,
    pub error: String,
    #[serde(skip)]
    pub kind: Kind,
}

/// The failures of a batch so far.
#[derive(Debug, Default)]
pub struct Batch {
    pub failed: Vec<Failure>,
}

impl Batch {
    /// Note a failure: warned now, named at the end.
    pub fn note(&mut self, path: &str, err: &anyhow::Error, out: &Output) {
        let error = one_line(err);
        out.warn(&format!("skipping {}: {}", sanitize(path), sanitize(&error)));
        self.failed.push(Failure { path: path.to_string(), error, kind: kind_of(err) });
    }

    /// Note a skipped entry with a reason and the exit kind it counts as.
    pub fn skip(&mut self, path: &str, why: &str, kind: Kind, out: &Output) {
        self.note(path, &fail(kind, why.to_string()), out);
    }

    /// Run one step: `Some` on success; `None` when it failed (noted, and the connection
    /// restored when the failure cut it); an error only when the batch cannot go on.
    pub fn step<T>(
        &mut self,
        c: &mut Control,
        path: &str,
        out: &Output,
        op: impl FnOnce(&mut Control) -> anyhow::Result<T>,
    ) -> anyhow::Result<Option<T>> {
        match op(c) {
            Ok(v) => Ok(Some(v)),
            Err(e) => {
                self.note(path, &e, out);
                if c.is_cut() {
                    *c = Control::open(&c.plan.clone(), out)
                        .context("cannot reconnect after a failed transfer")?;
                }
                Ok(None)
            }
        }
    }

    /// The end of the batch: fine when nothing failed, else an error naming the failures.
    pub fn finish(&self, what: &str) -> anyhow::Result<()> {
        let Some(first) = self.failed.first() else {
            return Ok(());
        };
        let mut names: Vec<String> =
            self.failed.iter().take(10).map(|f| sanitize(&f.path).into_owned()).collect();
        if self.failed.len() > 10 {
            names.push(format!("and {} more", self.failed.len() - 10));
        }
        let count = self.failed.len();
        let noun = if count == 1 { "entry" } else { "entries" };
        Err(fail(
            first.kind,
            format!("{what}: {count} {noun} skipped or failed: {}", names.join(", ")),
        ))
    }
}
