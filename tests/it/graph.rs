//! The import graph of src/ (tests/graph/check): no cycle between files, no protocol that
//! imports another, no shared module that imports a protocol or the CLI.

use std::path::Path;
use std::process::Command;

#[test]
#[ignore = "needs python3"]
fn src_has_no_import_cycles_and_no_forbidden_edges() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let out = Command::new("python3")
        .arg(root.join("tests/graph/check"))
        .arg(root.join("src"))
        .output()
        .expect("python3 runs tests/graph/check");
    let report = String::from_utf8_lossy(&out.stdout);
    assert!(out.status.success(), "tests/graph/check found:\n{report}");
    assert!(report.starts_with("ok: "), "{report}");
}
