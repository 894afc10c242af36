//! The `too-soon` command line.
#![cfg(not(target_arch = "wasm32"))]

use std::process::{Command, Output};

const DATA: &str = r#"{
  "format": "too-soon", "version": 1,
  "opportunities": [{"id": "acme", "company": "Acme", "role": "Engineer", "stage": "applied"}],
  "contacts": [{"id": "dana", "opportunity": "acme", "name": "Dana Hill", "addresses": ["dana@acme.example"]}],
  "events": [{"id": "e1", "opportunity": "acme", "kind": "application", "at": "2026-11-02T09:00:00-05:00"}]
}"#;

fn file(name: &str, text: &str) -> String {
    let dir = std::env::temp_dir().join(format!("too-soon-cli-{}", std::process::id()));
    std::fs::create_dir_all(&dir).expect("temp dir");
    let path = dir.join(name);
    std::fs::write(&path, text).expect("write");
    path.to_string_lossy().to_string()
}

fn run(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_too-soon"))
        .args(args)
        .env_remove("TZ")
        .output()
        .expect("runs")
}

fn stdout(o: &Output) -> String {
    String::from_utf8_lossy(&o.stdout).to_string()
}

fn stderr(o: &Output) -> String {
    String::from_utf8_lossy(&o.stderr).to_string()
}

#[test]
fn check_prints_the_verdict() {
    let data = file("check.json", DATA);
    let o = run(&[
        "check",
        "--data",
        &data,
        "--to",
        "Dana@Acme.example,other@x.example",
        "--at",
        "2026-11-05T10:00:00-05:00",
        "--tz",
        "America/New_York",
    ]);
    assert!(o.status.success(), "{}", stderr(&o));
    let v: serde_json::Value = serde_json::from_str(&stdout(&o)).expect("json");
    assert_eq!(v["level"], "too_soon");
    assert_eq!(v["warn"], true);
    assert_eq!(v["next_ok_at"], "2026-11-09T00:00:00-05:00");
    assert_eq!(v["reasons"][0]["rule"], "R-APPLY-WAIT");
    assert_eq!(v["untracked"][0], "other@x.example");
}

#[test]
fn check_untracked_prints_null_and_tz_defaults_to_utc() {
    let data = file("null.json", DATA);
    let o = run(&[
        "check",
        "--data",
        &data,
        "--to",
        "x@y.example",
        "--at",
        "2026-11-05T10:00:00Z",
    ]);
    assert!(o.status.success());
    assert_eq!(stdout(&o).trim(), "null");
    let o = run(&[
        "check",
        "--data",
        &data,
        "--to",
        "dana@acme.example",
        "--at",
        "2026-11-05T10:00:00Z",
    ]);
    let v: serde_json::Value = serde_json::from_str(&stdout(&o)).expect("json");
    assert_eq!(v["next_ok_at"], "2026-11-09T00:00:00+00:00");
}

#[test]
fn status_text_and_json() {
    let data = file("status.json", DATA);
    let o = run(&[
        "status",
        "--data",
        &data,
        "--at",
        "2026-11-05T10:00:00-05:00",
        "--tz",
        "America/New_York",
    ]);
    assert!(o.status.success(), "{}", stderr(&o));
    let text = stdout(&o);
    assert!(text.starts_with("OPPORTUNITY"), "{text}");
    assert!(
        text.contains("Acme (Engineer)") && text.contains("Mon 9 Nov"),
        "{text}"
    );
    let o = run(&[
        "status",
        "--data",
        &data,
        "--format",
        "json",
        "--at",
        "2026-11-05T10:00:00-05:00",
    ]);
    let v: serde_json::Value = serde_json::from_str(&stdout(&o)).expect("json");
    assert_eq!(v[0]["next_step"], "wait");
}

#[test]
fn moments_classify_validate() {
    let data = file("more.json", DATA);
    let o = run(&[
        "moments",
        "--data",
        &data,
        "--opportunity",
        "acme",
        "--at",
        "2026-11-05T10:00:00-05:00",
        "--tz",
        "America/New_York",
    ]);
    assert!(o.status.success(), "{}", stderr(&o));
    let v: serde_json::Value = serde_json::from_str(&stdout(&o)).expect("json");
    assert_eq!(v[0]["at"], "2026-11-09T00:00:00-05:00");
    let o = run(&[
        "classify",
        "--data",
        &data,
        "--to",
        "dana@acme.example",
        "--at",
        "2026-11-05T10:00:00Z",
    ]);
    let v: serde_json::Value = serde_json::from_str(&stdout(&o)).expect("json");
    assert_eq!(v[0]["classification"], "initiated");
    let o = run(&["validate", "--data", &data]);
    assert!(stdout(&o).starts_with("ok: 1 opportunities"));
}

#[test]
fn help_and_version() {
    let o = run(&["--help"]);
    assert!(o.status.success());
    assert!(stdout(&o).contains("too-soon check"));
    let o = run(&[]);
    assert_eq!(o.status.code(), Some(2));
    assert!(stderr(&o).contains("Usage: too-soon <COMMAND>"));
    let o = run(&["--version"]);
    assert!(stdout(&o).starts_with("too-soon "));
}

#[test]
fn every_subcommand_has_help_and_typos_get_a_suggestion() {
    for command in [
        "check",
        "status",
        "moments",
        "classify",
        "validate",
        "completions",
    ] {
        for flag in ["--help", "-h"] {
            let o = run(&[command, flag]);
            assert_eq!(o.status.code(), Some(0), "{command} {flag}: {}", stderr(&o));
            assert!(stdout(&o).contains("Usage: too-soon"), "{command}");
        }
    }
    let help = stdout(&run(&["check", "--help"]));
    for option in [
        "--data",
        "--at",
        "--tz",
        "--to",
        "--opportunity",
        "--channel",
        "--profile",
        "--words",
        "--fail-on-warn",
        "email, call, voicemail, message, linkedin, in_person, other",
        "gentle, balanced, persistent",
    ] {
        assert!(help.contains(option), "check --help lacks {option}: {help}");
    }
    assert_eq!(stdout(&run(&["help", "check"])), help);
    let o = run(&["chek"]);
    assert_eq!(o.status.code(), Some(2));
    assert!(
        stderr(&o).contains("a similar subcommand exists: 'check'"),
        "{}",
        stderr(&o)
    );
}

#[test]
fn fail_on_warn_exits_1_only_when_the_verdict_warns() {
    let data = file("fail-on-warn.json", DATA);
    let at = |at| {
        run(&[
            "check",
            "--data",
            &data,
            "--to",
            "dana@acme.example",
            "--at",
            at,
            "--fail-on-warn",
        ])
    };
    let early = at("2026-11-05T10:00:00-05:00");
    assert_eq!(early.status.code(), Some(1), "{}", stderr(&early));
    assert!(stdout(&early).contains("\"too_soon\""));
    assert_eq!(at("2026-11-10T10:00:00-05:00").status.code(), Some(0));
}

#[test]
fn completions_and_man_page() {
    for (shell, marker) in [
        ("bash", "complete -F"),
        ("zsh", "#compdef too-soon"),
        ("fish", "complete -c too-soon"),
    ] {
        let o = run(&["completions", shell]);
        assert!(o.status.success(), "{shell}");
        let script = stdout(&o);
        assert!(script.contains(marker), "{shell}: {script}");
        assert!(script.contains("fail-on-warn"), "{shell}");
    }
    let man = stdout(&run(&["manpage"]));
    assert!(man.contains(".TH too-soon"), "{man}");
}

#[test]
fn a_byte_order_mark_is_not_a_problem() {
    let data = file("bom.json", &format!("\u{feff}{DATA}"));
    let o = run(&["validate", "--data", &data]);
    assert!(o.status.success(), "{}", stderr(&o));
}

/// An address as mail programs write it, and a `TZ` that names a zone file (`:/etc/localtime`).
#[test]
fn an_address_with_its_name_and_a_zone_file_in_tz() {
    let data = file("named.json", DATA);
    let dir = std::env::temp_dir().join(format!("too-soon-cli-zone-{}", std::process::id()));
    std::fs::create_dir_all(dir.join("zoneinfo/Europe")).expect("dirs");
    std::fs::write(dir.join("zoneinfo/Europe/Berlin"), b"TZif").expect("zone file");
    let link = dir.join("localtime");
    let _ = std::fs::remove_file(&link);
    std::os::unix::fs::symlink(dir.join("zoneinfo/Europe/Berlin"), &link).expect("link");
    let o = Command::new(env!("CARGO_BIN_EXE_too-soon"))
        .args([
            "check",
            "--data",
            &data,
            "--to",
            "Dana Hill <dana@acme.example>",
        ])
        .args(["--at", "2026-11-05T10:00:00-05:00"])
        .env("TZ", format!(":{}", link.display()))
        .output()
        .expect("runs");
    assert!(o.status.success(), "{}", stderr(&o));
    let v: serde_json::Value = serde_json::from_str(&stdout(&o)).expect("json");
    assert_eq!(v["level"], "too_soon");
    assert_eq!(v["recipients"][0], "dana@acme.example");
    // Days counted in Berlin: the wait ends at its midnight.
    assert_eq!(v["next_ok_at"], "2026-11-09T00:00:00+01:00");
}

#[test]
fn bad_arguments_exit_2_with_a_clear_message() {
    let data = file("bad-args.json", DATA);
    let cases: Vec<Vec<&str>> = vec![
        vec!["frobnicate"],
        vec!["check", "--data", &data],
        vec![
            "check",
            "--data",
            &data,
            "--to",
            "a@b.c",
            "--channel",
            "fax",
        ],
        vec![
            "check", "--data", &data, "--to", "a@b.c", "--at", "tomorrow",
        ],
        vec![
            "check",
            "--data",
            &data,
            "--to",
            "a@b.c",
            "--tz",
            "Mars/Olympus",
        ],
        vec![
            "check",
            "--data",
            &data,
            "--to",
            "a@b.c",
            "--profile",
            "strict",
        ],
        vec!["check", "--data", &data, "--to", "a@b.c", "--words", "many"],
        vec!["check", "--data", &data, "--to"],
        // Not an address: refused rather than `null` and 0, which `--fail-on-warn && send-it` passes.
        vec!["check", "--data", &data, "--to", ""],
        vec!["check", "--data", &data, "--to", ","],
        vec!["check", "--data", &data, "--to", "dana@"],
        vec!["check", "--data", &data, "--to", "dana at acme.example"],
        vec!["check", "--data", &data, "--to", "a@b.c,,d@e.f"],
        vec!["check", "--data", &data, "--to", "a@b.c", "--bogus", "1"],
        vec!["status", "--data", &data, "--format", "xml"],
        vec!["status", "--data", &data, "--to", "a@b.c"],
        vec!["status", "--data", "/nonexistent/file.json"],
    ];
    for args in cases {
        let o = run(&args);
        assert_eq!(o.status.code(), Some(2), "{args:?}");
        assert!(stdout(&o).is_empty(), "{args:?}");
        let err = stderr(&o);
        // clap's usage errors ("error: …", pointing at --help), or one line about the input.
        let usage = err.starts_with("error: ") && err.contains("--help");
        let input = err.starts_with("too-soon: ") && err.trim_end().lines().count() == 1;
        assert!(usage || input, "{args:?}: {err}");
    }
}

#[test]
fn bad_file_exit_2_with_one_line() {
    let bad = file(
        "bad.json",
        r#"{"format":"too-soon","version":1,"events":[{"id":"e","opportunity":"o","kind":"x","at":"yesterday"}]}"#,
    );
    let o = run(&["status", "--data", &bad]);
    assert_eq!(o.status.code(), Some(2));
    let err = stderr(&o);
    assert_eq!(err.trim_end().lines().count(), 1, "{err}");
    assert!(
        err.contains("events[0].at: “yesterday” is not a date and time."),
        "{err}"
    );
    let newer = file("newer.json", r#"{"format":"too-soon","version":3}"#);
    let o = run(&["check", "--data", &newer, "--to", "a@b.c"]);
    assert_eq!(o.status.code(), Some(2));
    assert!(stderr(&o).contains("newer Too Soon? (version 3)"));
    // Not UTF-8 (a name saved as Latin-1), and no end at all: a problem each, like the page's.
    let dir = std::env::temp_dir().join(format!("too-soon-cli-{}", std::process::id()));
    let latin = dir.join("latin1.json");
    std::fs::write(
        &latin,
        b"{\"format\":\"too-soon\",\"version\":1,\"settings\":{\"profile\":\"D\xe4na\"}}",
    )
    .unwrap();
    for (path, words) in [
        (latin.to_str().unwrap(), "The file is not UTF-8 text"),
        ("/dev/zero", "The file is too large"),
    ] {
        let o = run(&["status", "--data", path]);
        assert_eq!(o.status.code(), Some(2), "{path}");
        assert!(stderr(&o).contains(words), "{path}: {}", stderr(&o));
    }
}

#[test]
fn a_file_with_a_byte_order_mark_is_read() {
    let data = file("bom.json", &format!("\u{feff}{DATA}"));
    let o = run(&["validate", "--data", &data]);
    assert!(o.status.success(), "{}", stderr(&o));
    assert_eq!(
        stdout(&o).trim(),
        "ok: 1 opportunities, 1 contacts, 1 events"
    );
}

#[test]
fn a_moment_outside_the_years_kept_is_refused() {
    let data = file("years.json", DATA);
    let o = run(&[
        "check",
        "--data",
        &data,
        "--to",
        "dana@acme.example",
        "--at",
        "2200-01-01T00:00:00Z",
    ]);
    assert_eq!(o.status.code(), Some(2));
    assert!(stderr(&o).contains("--at: "), "{}", stderr(&o));
    assert!(stderr(&o).contains("1970 to 2199"), "{}", stderr(&o));
}

/// An `--opportunity` id the file does not hold exits 2: a typo must never read as "not
/// tracked" (`null`), which `--fail-on-warn` would let through.
#[test]
fn an_unknown_opportunity_is_refused() {
    let data = file("unknown-opportunity.json", DATA);
    for command in ["check", "moments", "classify"] {
        let o = run(&[
            command,
            "--data",
            &data,
            "--opportunity",
            "acmee",
            "--at",
            "2026-11-05T10:00:00Z",
        ]);
        assert_eq!(o.status.code(), Some(2), "{command}: {}", stdout(&o));
        assert!(
            stderr(&o).contains("--opportunity: no opportunity \"acmee\""),
            "{}",
            stderr(&o)
        );
        assert!(
            stderr(&o).contains("acme"),
            "names the ids there are: {}",
            stderr(&o)
        );
    }
}

/// `validate` lists every problem, one a line; the other commands the first few.
#[test]
fn validate_lists_every_problem() {
    let events: Vec<String> = (0..7)
        .map(|i| {
            format!(
                r#"{{"id": "e{i}", "opportunity": "acme", "kind": "application", "at": "bad"}}"#
            )
        })
        .collect();
    let text = DATA.replace(
        r#"[{"id": "e1", "opportunity": "acme", "kind": "application", "at": "2026-11-02T09:00:00-05:00"}]"#,
        &format!("[{}]", events.join(",")),
    );
    let data = file("seven-problems.json", &text);
    let o = run(&["validate", "--data", &data]);
    assert_eq!(o.status.code(), Some(2));
    let err = stderr(&o);
    for i in 0..7 {
        assert!(err.contains(&format!("events[{i}].at")), "{err}");
    }
    assert!(!err.contains(".;"), "{err}");
    let o = run(&["status", "--data", &data]);
    assert_eq!(o.status.code(), Some(2));
    assert!(stderr(&o).contains("And 2 more"), "{}", stderr(&o));
    assert!(!stderr(&o).contains(".;"), "{}", stderr(&o));
    assert!(!stderr(&o).contains("events[6].at"), "{}", stderr(&o));
}

/// What a file holds reaches the terminal with its control characters escaped: a name
/// must not clear the screen, set the title, draw a row of its own, or reorder the line
/// (U+202E, U+2066, a line separator).
#[test]
fn control_characters_from_the_file_are_escaped() {
    let hostile = "Evil\u{1b}[2J\u{1b}]0;pwned\u{7}\nAcme | \u{202e}due now\u{2066}\u{2028}";
    let data = file(
        "hostile.json",
        &DATA.replace(
            r#""company": "Acme""#,
            &format!("\"company\": {}", serde_json::to_string(hostile).unwrap()),
        ),
    );
    let o = run(&["status", "--data", &data, "--at", "2026-11-05T10:00:00Z"]);
    assert!(o.status.success(), "{}", stderr(&o));
    let out = stdout(&o);
    assert!(!out.contains('\u{1b}') && !out.contains('\u{7}'), "{out:?}");
    assert!(
        !out.contains(['\u{202e}', '\u{2066}', '\u{2028}']),
        "{out:?}"
    );
    assert_eq!(
        out.trim_end().lines().count(),
        2,
        "a header and one row: {out}"
    );
    let bad = file(
        "hostile-ref.json",
        &DATA.replace(
            r#""opportunity": "acme", "name""#,
            r#""opportunity": "zz\n  fake problem\u001b]0;x\u0007", "name""#,
        ),
    );
    for args in [
        vec!["validate", "--data", &bad],
        vec!["check", "--data", &data, "--opportunity", "nope\u{1b}[2J"],
    ] {
        let o = run(&args);
        assert_eq!(o.status.code(), Some(2));
        let err = stderr(&o);
        assert!(!err.contains('\u{1b}') && !err.contains('\u{7}'), "{err:?}");
        assert!(!err.contains("\n  fake problem"), "{err}");
    }
}

/// A wait ending on a weekend: the table's FROM is the Monday the card and its WHY name,
/// not the Saturday it stops warning (found by a Firefox tester).
#[test]
fn status_from_is_the_moment_the_card_names() {
    let data = file(
        "weekend.json",
        &DATA.replace("2026-11-02T09:00:00-05:00", "2026-11-28T09:00:00-05:00"),
    );
    let o = run(&[
        "status",
        "--data",
        &data,
        "--at",
        "2026-12-01T10:00:00-05:00",
        "--tz",
        "America/New_York",
    ]);
    assert!(o.status.success(), "{}", stderr(&o));
    let row = stdout(&o).lines().nth(1).unwrap_or_default().to_string();
    assert!(row.contains("  Mon 7 Dec  "), "{row}");
    assert!(row.contains("follow up from Mon 7 Dec"), "{row}");
}
