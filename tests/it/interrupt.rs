//! Safe output under interruption: Ctrl-C (SIGINT) in the middle of
//! `rulecard batch BIG -o out.ndjson` leaves `out.ndjson` exactly as it was — the previous
//! complete file — never truncated or half-written. Results are written to a temporary
//! file in the same folder and renamed over the target only when the run completes; on
//! SIGINT or SIGTERM the temporary file is removed and the process exits 130.

#![cfg(unix)]

use std::io::Write;
use std::path::Path;
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

const LINES: usize = 200_000;
const PREVIOUS: &[u8] = b"{\"line\":1,\"note\":\"the previous complete results\"}\n";

fn rulecard(dir: &Path) -> Command {
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_rulecard"));
    cmd.current_dir(dir);
    cmd
}

/// Names of the `.rulecard-*` temporary files in `dir`, with their sizes.
fn temporaries(dir: &Path) -> Vec<(String, u64)> {
    std::fs::read_dir(dir)
        .unwrap()
        .filter_map(|e| {
            let e = e.ok()?;
            let name = e.file_name().to_string_lossy().into_owned();
            let size = e.metadata().ok()?.len();
            name.starts_with(".rulecard-").then_some((name, size))
        })
        .collect()
}

#[test]
fn sigint_during_batch_leaves_the_previous_output_intact() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path();

    // 200 000 input lines: `rulecard gen` once, repeated (generating every line in a debug
    // build takes a minute; batch does not care that ids repeat).
    let block = rulecard(dir)
        .args(["gen", "--count", "2000", "--seed", "9"])
        .output()
        .unwrap();
    assert!(block.status.success());
    let mut big = std::io::BufWriter::new(std::fs::File::create(dir.join("big.ndjson")).unwrap());
    for _ in 0..LINES / 2000 {
        big.write_all(&block.stdout).unwrap();
    }
    big.into_inner().unwrap().sync_all().unwrap();

    std::fs::write(dir.join("out.ndjson"), PREVIOUS).unwrap();

    let mut child = rulecard(dir)
        .args(["batch", "big.ndjson", "-o", "out.ndjson"])
        .stdout(Stdio::null())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();

    // Interrupt once results are being written: the temporary file holds some bytes.
    let start = Instant::now();
    let mut writing = false;
    while start.elapsed() < Duration::from_secs(120) {
        if child.try_wait().unwrap().is_some() {
            break;
        }
        if temporaries(dir).iter().any(|(_, size)| *size > 0) {
            writing = true;
            break;
        }
        std::thread::sleep(Duration::from_millis(20));
    }
    let status = Command::new("kill")
        .args(["-INT", &child.id().to_string()])
        .status()
        .unwrap();
    assert!(status.success(), "kill -INT failed");
    let out = child.wait_with_output().unwrap();
    let left = temporaries(dir);

    assert!(
        writing,
        "the batch ended (or never wrote) before it could be interrupted: {:?}\n{}",
        out.status,
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(
        !out.status.success(),
        "an interrupted batch must not report success"
    );
    assert_eq!(
        std::fs::read(dir.join("out.ndjson")).unwrap(),
        PREVIOUS,
        "the target changed under interruption"
    );
    // The signal handler removes the temporary file before the process exits (130).
    assert!(left.is_empty(), "temporary files left behind: {left:?}");
    assert_eq!(out.status.code(), Some(130), "{:?}", out.status);
}
