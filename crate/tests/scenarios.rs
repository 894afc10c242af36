//! The table-driven scenario suite. Histories are stated once, in
//! `tests/scenarios/histories/<name>.json` (the file format, without settings); every
//! `tests/scenarios/*.json` (repository root) is one case against one of them: `history`
//! (its name), optionally `settings` (the profile the history is kept under), `query`,
//! `tz` (IANA) and `expect` (`level` or null for "no verdict", the fired rule ids,
//! `next_ok_at` with its UTC offset, and optionally the hint ids and the classification).
//! Every reason, hint and headline of every case is rendered from its message id and data
//! in every language of `extension/_locales` (no message missing, no placeholder without
//! its data).
#![cfg(not(target_arch = "wasm32"))]

use std::path::PathBuf;
use std::str::FromStr;

use chrono_tz::Tz;
use serde_json::Value;
use too_soon::english::Catalogue;
use too_soon::format;
use too_soon::policy::{self, Query};

/// The languages of the extension, each with its catalogue.
fn catalogues() -> Vec<(String, Catalogue)> {
    let dir = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../extension/_locales");
    let mut out: Vec<(String, Catalogue)> = std::fs::read_dir(&dir)
        .expect("extension/_locales exists")
        .filter_map(Result::ok)
        .map(|e| {
            let lang = e.file_name().to_string_lossy().into_owned();
            let text = std::fs::read_to_string(e.path().join("messages.json")).unwrap();
            (lang.clone(), Catalogue::parse(&text).expect(&lang))
        })
        .collect();
    out.sort_by(|a, b| a.0.cmp(&b.0));
    out
}

/// Every worded part of a verdict in every language: the problems found.
fn render_everywhere(v: &policy::Verdict, languages: &[(String, Catalogue)]) -> Vec<String> {
    let json = serde_json::to_value(v).unwrap_or_default();
    let mut problems = Vec::new();
    for (lang, catalogue) in languages {
        let mut say = |id: String, data: &Value| {
            if let Err(e) = catalogue.say(&id, data) {
                problems.push(format!("{lang}: {e}"));
            }
        };
        say(
            format!("headline_{}", json["heading"]["id"].as_str().unwrap_or("?")),
            &json["heading"]["data"],
        );
        for r in json["reasons"].as_array().into_iter().flatten() {
            let message = r["message"].as_str().unwrap_or("?");
            say(message.to_string(), &r["data"]);
            say(format!("short_{message}"), &r["data"]);
        }
        for h in json["hints"].as_array().into_iter().flatten() {
            say(h["message"].as_str().unwrap_or("?").to_string(), &h["data"]);
        }
    }
    problems
}

fn scenario_dir() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../tests/scenarios")
}

/// The case's history, under the case's settings.
fn history(case: &Value) -> Result<Value, String> {
    let name = case["history"].as_str().ok_or("missing history")?;
    let path = scenario_dir()
        .join("histories")
        .join(format!("{name}.json"));
    let text = std::fs::read_to_string(&path).map_err(|e| format!("history {name}: {e}"))?;
    let mut data: Value =
        serde_json::from_str(&text).map_err(|e| format!("history {name}: {e}"))?;
    if let Some(settings) = case.get("settings") {
        data["settings"] = settings.clone();
    }
    Ok(data)
}

fn run(path: &PathBuf, languages: &[(String, Catalogue)]) -> Result<(), String> {
    let text = std::fs::read_to_string(path).map_err(|e| e.to_string())?;
    let case: Value = serde_json::from_str(&text).map_err(|e| format!("not JSON: {e}"))?;
    let data = format::parse_value(history(&case)?).map_err(|p| format!("bad data: {p}"))?;
    let query: Query =
        serde_json::from_value(case["query"].clone()).map_err(|e| format!("bad query: {e}"))?;
    let tz_name = case["tz"].as_str().ok_or("missing tz")?;
    let tz = Tz::from_str(tz_name).map_err(|e| format!("bad tz: {e}"))?;
    let expect = &case["expect"];
    let verdict = policy::check(&data, &query, &tz);
    let Some(v) = verdict else {
        return if expect["level"].is_null() {
            Ok(())
        } else {
            Err(format!("no verdict, expected {}", expect["level"]))
        };
    };
    let mut problems = Vec::new();
    let level = serde_json::to_value(v.level).unwrap_or_default();
    if level != expect["level"] {
        problems.push(format!("level {level}, expected {}", expect["level"]));
    }
    let mut rules: Vec<&str> = v.reasons.iter().map(|r| r.rule).collect();
    rules.sort_unstable();
    let expected_rules: Vec<&str> = expect["rules"]
        .as_array()
        .map(|a| a.iter().filter_map(Value::as_str).collect())
        .unwrap_or_default();
    if rules != expected_rules {
        problems.push(format!("rules {rules:?}, expected {expected_rules:?}"));
    }
    let next = v
        .next_ok_at
        .clone()
        .map(Value::String)
        .unwrap_or(Value::Null);
    if next != expect["next_ok_at"] {
        problems.push(format!(
            "next_ok_at {next}, expected {}",
            expect["next_ok_at"]
        ));
    }
    if v.warn != v.level.warns() {
        problems.push("warn disagrees with level".to_string());
    }
    if let Some(hints) = expect.get("hints").and_then(Value::as_array) {
        let mut got: Vec<&str> = v.hints.iter().map(|h| h.rule).collect();
        got.sort_unstable();
        let want: Vec<&str> = hints.iter().filter_map(Value::as_str).collect();
        if got != want {
            problems.push(format!("hints {got:?}, expected {want:?}"));
        }
    }
    if let Some(c) = expect.get("classification") {
        let got = serde_json::to_value(v.classification).unwrap_or_default();
        if &got != c {
            problems.push(format!("classification {got}, expected {c}"));
        }
    }
    for r in v.reasons.iter().chain(v.hints.iter()) {
        if r.message.is_empty() || r.sources.is_empty() {
            problems.push(format!("{} has no message or no sources", r.rule));
        }
    }
    problems.extend(render_everywhere(&v, languages));
    if problems.is_empty() {
        Ok(())
    } else {
        Err(format!(
            "{}\n      heading: {:?}",
            problems.join("; "),
            v.heading
        ))
    }
}

#[test]
fn every_scenario() {
    let mut paths: Vec<PathBuf> = std::fs::read_dir(scenario_dir())
        .expect("tests/scenarios exists")
        .filter_map(Result::ok)
        .map(|e| e.path())
        .filter(|p| p.extension().is_some_and(|x| x == "json"))
        .collect();
    paths.sort();
    assert!(paths.len() >= 60, "only {} scenarios", paths.len());
    let languages = catalogues();
    let names: Vec<&str> = languages.iter().map(|(l, _)| l.as_str()).collect();
    assert_eq!(names, ["de", "en", "es", "fr"]);
    let failures: Vec<String> = paths
        .iter()
        .filter_map(|p| {
            run(p, &languages).err().map(|e| {
                format!(
                    "  {}: {e}",
                    p.file_name().unwrap_or_default().to_string_lossy()
                )
            })
        })
        .collect();
    assert!(
        failures.is_empty(),
        "{} of {} scenarios failed:\n{}",
        failures.len(),
        paths.len(),
        failures.join("\n")
    );
}
