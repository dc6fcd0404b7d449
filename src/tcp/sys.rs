//! The per-platform calls of `nt tcp`, each with its unix and Windows form: whether stdin
//! has bytes within a moment (the half-close drain of `flow.rs`), stdin as a `File`,
//! "host is down" for the scan, and handing freed memory back (glibc only). The process
//! groups and Job objects of `--exec` are `group.rs`; splice(2) is `splice.rs`.

use std::fs::File;
use std::io;
use std::time::Duration;

/// stdin as a `File` of its own (a duplicate handle), to ask what it is and where it is.
pub fn stdin_file() -> Option<File> {
    #[cfg(unix)]
    let owned = std::os::fd::AsFd::as_fd(&io::stdin()).try_clone_to_owned().ok()?;
    #[cfg(windows)]
    let owned =
        std::os::windows::io::AsHandle::as_handle(&io::stdin()).try_clone_to_owned().ok()?;
    Some(File::from(owned))
}

/// Whether stdin has bytes (or its EOF) to read within `quiet`.
#[cfg(unix)]
pub fn stdin_ready(quiet: Duration) -> bool {
    let mut fds = libc::pollfd { fd: libc::STDIN_FILENO, events: libc::POLLIN, revents: 0 };
    // SAFETY: one valid pollfd and a bounded timeout.
    let n = unsafe { libc::poll(&mut fds, 1, quiet.as_millis() as libc::c_int) };
    n > 0 && fds.revents & (libc::POLLIN | libc::POLLHUP) != 0
}

/// Whether stdin has bytes (or its EOF) to read within `quiet`: a file always has; a pipe
/// is peeked at every 10 ms (a broken pipe is its EOF); a console is waited on.
#[cfg(windows)]
pub fn stdin_ready(quiet: Duration) -> bool {
    use std::os::windows::io::AsRawHandle;
    use std::time::Instant;
    use windows_sys::Win32::Storage::FileSystem::{
        FILE_TYPE_CHAR, FILE_TYPE_DISK, FILE_TYPE_PIPE, GetFileType,
    };
    use windows_sys::Win32::System::Pipes::PeekNamedPipe;
    use windows_sys::Win32::System::Threading::WaitForSingleObject;

    let handle = io::stdin().as_raw_handle();
    // SAFETY: GetFileType only reads the kind of a handle the process holds open.
    match unsafe { GetFileType(handle) } {
        FILE_TYPE_DISK => true,
        FILE_TYPE_CHAR => {
            let ms = quiet.as_millis() as u32;
            // SAFETY: a wait with a bounded timeout on the process's own console handle.
            unsafe { WaitForSingleObject(handle, ms) == 0 }
        }
        FILE_TYPE_PIPE => {
            let until = Instant::now() + quiet;
            loop {
                let mut available = 0u32;
                // SAFETY: no buffer is read into (null, 0); only the count is written.
                let ok = unsafe {
                    PeekNamedPipe(
                        handle,
                        std::ptr::null_mut(),
                        0,
                        std::ptr::null_mut(),
                        &mut available,
                        std::ptr::null_mut(),
                    )
                };
                if ok == 0 || available > 0 {
                    return true;
                }
                if Instant::now() >= until {
                    return false;
                }
                std::thread::sleep(Duration::from_millis(10));
            }
        }
        _ => false,
    }
}

/// "Host is down" (EHOSTDOWN, which std does not name): a scan's closed port, on unix.
#[cfg(unix)]
pub fn host_down(e: &io::Error) -> bool {
    e.raw_os_error() == Some(libc::EHOSTDOWN)
}

/// Windows has no "host is down" beyond what std names (unreachable, timed out).
#[cfg(not(unix))]
pub fn host_down(_e: &io::Error) -> bool {
    false
}

/// Hand the allocator's free pages back to the system: glibc keeps what a crowd of clients
/// freed in its per-thread arenas. Other allocators give back on their own.
pub fn give_back_memory() {
    #[cfg(all(target_os = "linux", target_env = "gnu"))]
    // SAFETY: malloc_trim only returns the allocator's free pages; no pointer is touched.
    unsafe {
        libc::malloc_trim(0);
    }
}
