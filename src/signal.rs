//! The one Ctrl-C mechanism.
//!
//! Unix: SIGINT keeps its default action unless a command asks for more: nt dies at once,
//! and the shell sees a death by signal (`$?` is 130), whatever the process was waiting on
//! (a silent server, a blocked read). A command with something to tidy first (a progress
//! bar, a partial file) registers a hook with [`on_interrupt`]; a watcher thread then runs
//! the hooks at the first Ctrl-C and ends the process the same way.
//!
//! Windows: the default end of a Ctrl-C is exit status 0xC000013A, so [`install`] (called
//! once by main) sets a console control handler that runs the hooks and exits with 130.
//!
//! [`die`] is that same end for code that saw the interrupt itself (a line editor that read
//! Ctrl-C as a key). Nothing else in nt installs a signal handler.

use std::sync::Mutex;

type Hook = Box<dyn FnOnce() + Send>;

static HOOKS: Mutex<Vec<Hook>> = Mutex::new(Vec::new());

/// Run `hook` at the first Ctrl-C, before nt dies of it. Hooks must be quick.
pub fn on_interrupt(hook: impl FnOnce() + Send + 'static) {
    if let Ok(mut hooks) = HOOKS.lock() {
        hooks.push(Box::new(hook));
    }
    #[cfg(unix)]
    unix::watch();
}

/// Run the hooks registered so far (each once).
fn run_hooks() {
    let hooks = HOOKS.lock().map(|mut h| std::mem::take(&mut *h)).unwrap_or_default();
    for hook in hooks {
        hook();
    }
}

/// Make Ctrl-C end nt with 130 on every platform: nothing to do on unix (SIGINT's default
/// action is that end); the console control handler on Windows.
pub fn install() {
    #[cfg(windows)]
    windows::install();
}

/// End the process as Ctrl-C does: on unix SIGINT with its default action, so the shell
/// sees a death by signal (exit status 130), as fd and the classic tools do; on Windows
/// exit status 130.
pub fn die() -> ! {
    #[cfg(unix)]
    let _ = signal_hook::low_level::emulate_default_handler(signal_hook::consts::SIGINT);
    // Only reached where SIGINT cannot be raised (and on Windows); the documented code.
    std::process::exit(130)
}

#[cfg(unix)]
mod unix {
    use std::sync::Once;

    use signal_hook::consts::SIGINT;

    static WATCH: Once = Once::new();

    /// Start the watcher thread once: at the first SIGINT it runs the hooks and dies.
    pub fn watch() {
        WATCH.call_once(|| {
            let Ok(mut signals) = signal_hook::iterator::Signals::new([SIGINT]) else {
                // Without the watcher Ctrl-C keeps its default action: nt still dies at once.
                return;
            };
            let _ = std::thread::Builder::new().name("ctrl-c".into()).spawn(move || {
                if signals.forever().next().is_some() {
                    super::run_hooks();
                    super::die();
                }
            });
        });
    }
}

#[cfg(windows)]
mod windows {
    use windows_sys::Win32::Foundation::{FALSE, TRUE};
    use windows_sys::Win32::System::Console::{
        CTRL_BREAK_EVENT, CTRL_C_EVENT, SetConsoleCtrlHandler,
    };
    use windows_sys::core::BOOL;

    /// Called by Windows on a thread of its own for each console control event.
    unsafe extern "system" fn on_control(event: u32) -> BOOL {
        if event == CTRL_C_EVENT || event == CTRL_BREAK_EVENT {
            super::run_hooks();
            super::die();
        }
        // Closing the console, logoff, shutdown: the default handler ends the process.
        FALSE
    }

    pub fn install() {
        // SAFETY: `on_control` has the signature a handler routine needs and lives for the
        // whole process; adding a handler touches no memory of ours.
        unsafe {
            SetConsoleCtrlHandler(Some(on_control), TRUE);
        }
    }
}
