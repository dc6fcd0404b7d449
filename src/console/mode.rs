//! Terminal modes: stdin's, saved when a console session starts and put back when it ends
//! (the line editor changes it, and its thread may still be blocked in a read as the
//! session ends), termios on unix, the console mode on Windows; and whether a terminal on
//! stdout or stderr shows ANSI colors ([`ansi_ok`]). Nothing else here.

/// The mode saved at [`SavedMode::save`], restored on Drop.
pub struct SavedMode {
    #[cfg(unix)]
    saved: libc::termios,
    #[cfg(windows)]
    saved: u32,
}

#[cfg(unix)]
impl SavedMode {
    /// stdin's mode now, or `None` when stdin is not a terminal.
    pub fn save() -> Option<SavedMode> {
        let mut mode = std::mem::MaybeUninit::<libc::termios>::uninit();
        // SAFETY: tcgetattr writes a termios into the pointer when it returns 0.
        let ok = unsafe { libc::tcgetattr(libc::STDIN_FILENO, mode.as_mut_ptr()) } == 0;
        // SAFETY: initialised by the successful tcgetattr above.
        ok.then(|| SavedMode { saved: unsafe { mode.assume_init() } })
    }
}

#[cfg(unix)]
impl Drop for SavedMode {
    fn drop(&mut self) {
        // SAFETY: fd 0 is open for the process's lifetime and `saved` came from tcgetattr.
        unsafe {
            libc::tcsetattr(libc::STDIN_FILENO, libc::TCSANOW, &self.saved);
        }
    }
}

#[cfg(windows)]
impl SavedMode {
    /// stdin's console mode now, or `None` when stdin is not a console.
    pub fn save() -> Option<SavedMode> {
        use windows_sys::Win32::System::Console::GetConsoleMode;
        let mut mode = 0u32;
        // SAFETY: stdin's handle is the process's own; GetConsoleMode only writes `mode`.
        let ok = unsafe { GetConsoleMode(stdin_handle(), &mut mode) } != 0;
        ok.then_some(SavedMode { saved: mode })
    }
}

#[cfg(windows)]
impl Drop for SavedMode {
    fn drop(&mut self) {
        use windows_sys::Win32::System::Console::SetConsoleMode;
        // SAFETY: the console input handle is open for the process's lifetime, and `saved`
        // came from GetConsoleMode on it.
        unsafe {
            SetConsoleMode(stdin_handle(), self.saved);
        }
    }
}

#[cfg(windows)]
fn stdin_handle() -> windows_sys::Win32::Foundation::HANDLE {
    use std::os::windows::io::AsRawHandle;
    std::io::stdin().as_raw_handle()
}

/// Whether the terminal on stdout (or stderr) shows ANSI escapes: on unix it does; on
/// Windows once virtual terminal processing is on for that console, which is asked for
/// here (Windows Terminal has it on; the console of Windows 10 and later takes it), as
/// anstream does for clap. `false` leaves that stream without color.
#[cfg(unix)]
pub fn ansi_ok(_stderr: bool) -> bool {
    true
}

#[cfg(windows)]
pub fn ansi_ok(stderr: bool) -> bool {
    use std::os::windows::io::AsRawHandle;
    use windows_sys::Win32::System::Console::{
        ENABLE_VIRTUAL_TERMINAL_PROCESSING, GetConsoleMode, SetConsoleMode,
    };
    let handle =
        if stderr { std::io::stderr().as_raw_handle() } else { std::io::stdout().as_raw_handle() };
    let mut mode = 0u32;
    // SAFETY: the process's own stdout/stderr handle; GetConsoleMode only writes `mode`.
    if unsafe { GetConsoleMode(handle, &mut mode) } == 0 {
        return false;
    }
    if mode & ENABLE_VIRTUAL_TERMINAL_PROCESSING != 0 {
        return true;
    }
    // SAFETY: the same handle, its mode with one more flag.
    unsafe { SetConsoleMode(handle, mode | ENABLE_VIRTUAL_TERMINAL_PROCESSING) != 0 }
}
