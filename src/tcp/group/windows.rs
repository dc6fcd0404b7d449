//! Windows: the Job object of one `--exec`/`--sh-exec` program. The program is put in a Job
//! of its own with JOB_OBJECT_LIMIT_KILL_ON_JOB_CLOSE, so that whatever it starts is in the
//! Job too and is killed with it when its connection ends (or when nt exits: the handle
//! closes with the process). Windows has no SIGTERM: the program gets the end of its stdin
//! when the client goes, and the Job is terminated once it has exited or the client reset.
//! Processes the program starts before it is assigned (a moment after the spawn) are not
//! in the Job.
//!
//! This file ends only the Job it created and does no I/O on the connection.

use std::io;
use std::os::windows::io::{AsRawHandle, FromRawHandle, OwnedHandle, RawHandle};
use std::time::Duration;

use tokio::process::{Child, Command};
use windows_sys::Win32::System::JobObjects::{
    AssignProcessToJobObject, CreateJobObjectW, JOB_OBJECT_LIMIT_KILL_ON_JOB_CLOSE,
    JOBOBJECT_EXTENDED_LIMIT_INFORMATION, JobObjectExtendedLimitInformation,
    SetInformationJobObject, TerminateJobObject,
};

/// How long a killed program has to be reaped: the bound on how long an ended connection's
/// processes may outlive it.
const GRACE: Duration = Duration::from_secs(2);

/// Nothing to set before the spawn: the Job is made for the running child ([`Group::of`]).
pub fn own_group(cmd: &mut Command) -> &mut Command {
    cmd
}

/// A program's Job; dropped, its handle closes and every process in it is killed.
pub struct Group {
    /// `None` where the Job could not be made (the program alone is killed then).
    job: Option<OwnedHandle>,
}

impl Group {
    /// The Job holding `child` (just spawned).
    pub fn of(child: &Child) -> Group {
        Group { job: child.raw_handle().and_then(|process| job_for(process).ok()) }
    }

    /// End the program and everything in its Job, and reap the program, so a slot is given
    /// back only when its processes are gone.
    pub async fn end(&mut self, child: &mut Child) {
        if let Some(job) = self.job.take() {
            // SAFETY: a Job handle this Group owns; terminating it ends only its processes.
            unsafe {
                TerminateJobObject(job.as_raw_handle(), 1);
            }
        }
        let _ = child.start_kill();
        let _ = tokio::time::timeout(GRACE, child.wait()).await;
    }
}

/// A new Job that kills its processes when its last handle closes, with `process` in it.
fn job_for(process: RawHandle) -> io::Result<OwnedHandle> {
    // SAFETY: no security attributes and no name: an anonymous Job with default rights.
    let raw = unsafe { CreateJobObjectW(std::ptr::null(), std::ptr::null()) };
    if raw.is_null() {
        return Err(io::Error::last_os_error());
    }
    // SAFETY: `raw` is a new, valid handle that nothing else owns.
    let job = unsafe { OwnedHandle::from_raw_handle(raw) };
    // SAFETY: the struct is plain old data; all zeroes is "no limits".
    let mut limits: JOBOBJECT_EXTENDED_LIMIT_INFORMATION = unsafe { std::mem::zeroed() };
    limits.BasicLimitInformation.LimitFlags = JOB_OBJECT_LIMIT_KILL_ON_JOB_CLOSE;
    // SAFETY: the information class matches the struct passed, with its exact size.
    let set = unsafe {
        SetInformationJobObject(
            job.as_raw_handle(),
            JobObjectExtendedLimitInformation,
            (&limits as *const JOBOBJECT_EXTENDED_LIMIT_INFORMATION).cast(),
            std::mem::size_of::<JOBOBJECT_EXTENDED_LIMIT_INFORMATION>() as u32,
        )
    };
    // SAFETY: both handles are valid for the call; the child is ours.
    if set == 0 || unsafe { AssignProcessToJobObject(job.as_raw_handle(), process) } == 0 {
        return Err(io::Error::last_os_error());
    }
    Ok(job)
}
