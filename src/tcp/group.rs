//! What runs for one `--exec`/`--sh-exec` connection, ended with it: everything the program
//! started (`sleep 300 &`) goes when its connection ends, and a slot is free only when its
//! processes are gone. On unix a process group, signalled (`group/unix.rs`); on Windows a
//! Job object that kills its processes when closed (`group/windows.rs`). Both give
//! [`own_group`] (before the spawn) and [`Group`] (after it), and signal or kill only what
//! this server started.

#[cfg(unix)]
mod unix;
#[cfg(windows)]
mod windows;

#[cfg(unix)]
pub use unix::{Group, own_group};
#[cfg(windows)]
pub use windows::{Group, own_group};
