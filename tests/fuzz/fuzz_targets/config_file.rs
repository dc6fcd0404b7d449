//! The config file (`$NT_CONFIG`), loaded as every command loads it, with and without a
//! `--profile`.

#![no_main]

use libfuzzer_sys::fuzz_target;
use nt::config::Config;

#[path = "harness.rs"]
mod harness;

fuzz_target!(|data: &[u8]| {
    let path = harness::scratch().join("config.toml");
    std::fs::write(&path, data).expect("the config file is written");
    // SAFETY: libFuzzer runs this target on one thread and starts no other.
    unsafe { std::env::set_var("NT_CONFIG", &path) };
    for profile in [None, Some("work")] {
        if let Ok(config) = Config::load(profile) {
            let _ = (config.ftp(), config.mail(), config.chat());
        }
    }
});
