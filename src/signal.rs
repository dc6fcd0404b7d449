//! The one Ctrl-C mechanism.
//!
//! SIGINT keeps its default action unless a command asks for more: nt dies at once, and
//! the shell sees a death by signal (`$?` is 130), whatever the process was waiting on (a
//! silent server, a blocked read). A command with something to tidy first (a progress
//! bar, a partial file) registers a hook with [`on_interrupt`]; a watcher thread then runs
//! the hooks at the first Ctrl-C and ends the process the same way. [`die`] is that same
//! end for code that saw the interrupt itself (a line editor that read Ctrl-C as a key).
//! Nothing else in nt installs a signal handler.

use std::sync::{Mutex, Once};

use signal_hook::consts::SIGINT;

type Hook = Box<dyn FnOnce() + Send>;

static HOOKS: Mutex<Vec<Hook>> = Mutex::new(Vec::new());
static WATCH: Once = Once::new();

/// Run `hook` at the first Ctrl-C, before nt dies of it. Hooks must be quick.
pub fn on_interrupt(hook: impl FnOnce() + Send + 'static) {
    if let Ok(mut hooks) = HOOKS.lock() {
        hooks.push(Box::new(hook));
    }
    WATCH.call_once(|| {
        let Ok(mut signals) = signal_hook::iterator::Signals::new([SIGINT]) else {
            // Without the watcher Ctrl-C keeps its default action: nt still dies at once.
            return;
        };
        let _ = std::thread::Builder::new().name("ctrl-c".into()).spawn(move || {
            if signals.forever().next().is_some() {
                let hooks = HOOKS.lock().map(|mut h| std::mem::take(&mut *h)).unwrap_or_default();
                for hook in hooks {
                    hook();
                }
                die();
            }
        });
    });
}

/// End the process as Ctrl-C does: SIGINT with its default action, so the shell sees a
/// death by signal (exit status 130), as fd and the classic tools do.
pub fn die() -> ! {
    let _ = signal_hook::low_level::emulate_default_handler(SIGINT);
    // Only reached where SIGINT cannot be raised; the documented code all the same.
    std::process::exit(130)
}
