//! The next-step vocabulary of `status` for every case of the scenario suite: each
//! opportunity of the case's history, at the case's moment and in its time zone, gets the
//! step listed in `tests/scenarios/steps/next_steps.json`, and every step agrees with the
//! rest of its status (the level, the suggested moment, the toolbar's count).
#![cfg(not(target_arch = "wasm32"))]

use std::collections::BTreeMap;
use std::path::PathBuf;
use std::str::FromStr;

use chrono::{DateTime, Datelike, Timelike, Weekday};
use chrono_tz::Tz;
use serde_json::Value;
use too_soon::format;
use too_soon::policy::{self, OpportunityStatus, StepId};

fn dir() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../tests/scenarios")
}

fn read(path: PathBuf) -> Value {
    let text = std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{path:?}: {e}"));
    serde_json::from_str(&text).unwrap_or_else(|e| panic!("{path:?}: {e}"))
}

/// The statuses of a case's history at its moment, and its time zone.
fn statuses(case: &Value) -> (Vec<OpportunityStatus>, Tz) {
    let name = case["history"].as_str().expect("history");
    let mut data = read(dir().join("histories").join(format!("{name}.json")));
    if let Some(settings) = case.get("settings") {
        data["settings"] = settings.clone();
    }
    let data = format::parse_value(data).expect("a valid history");
    let tz = Tz::from_str(case["tz"].as_str().expect("tz")).expect("a zone");
    let at = DateTime::parse_from_rfc3339(case["query"]["at"].as_str().expect("at"))
        .expect("a moment")
        .to_utc();
    (policy::status(&data, at, &tz), tz)
}

fn moment(text: &Option<String>) -> Option<DateTime<chrono::FixedOffset>> {
    text.as_deref()
        .map(|t| DateTime::parse_from_rfc3339(t).expect("RFC 3339"))
}

/// What must hold of every step, whatever the case.
fn agrees(s: &OpportunityStatus, tz: &Tz) -> Result<(), String> {
    let step = &s.step;
    let now = matches!(
        step.id,
        StepId::ThankYouDue | StepId::Answer | StepId::FollowUpNow
    ) || (step.id == StepId::CheckIn && step.now);
    if step.now != now {
        return Err(format!("now = {} for {:?}", step.now, step.id));
    }
    if (step.id == StepId::Closed) != s.closed {
        return Err("closed and the step disagree".into());
    }
    if step.id == StepId::FollowUpNow && s.warn {
        return Err("follow up now, yet the verdict warns".into());
    }
    if step.id == StepId::Waiting && s.warn && step.at != s.suggested_at {
        return Err("waiting shows another moment than suggested_at".into());
    }
    if step.id == StepId::Waiting && !s.warn {
        // Only a follow-up due over a weekend waits without a warning: until 09:00 on the
        // business day after it.
        let local = moment(&step.at).map(|t| t.with_timezone(tz));
        let morning = local.is_some_and(|l| {
            !matches!(l.weekday(), Weekday::Sat | Weekday::Sun) && (l.hour(), l.minute()) == (9, 0)
        });
        if !s.follow_up_due || !morning {
            return Err("waiting, yet the verdict does not warn (and it is no weekend)".into());
        }
    }
    if let (Some(next), Some(suggested)) = (moment(&s.next_ok_at), moment(&s.suggested_at)) {
        let local = suggested.with_timezone(tz);
        if suggested < next {
            return Err("suggested before next_ok_at".into());
        }
        if matches!(local.weekday(), Weekday::Sat | Weekday::Sun) {
            return Err(format!("suggested on a {}", local.weekday()));
        }
        if suggested != next && (local.hour(), local.minute()) != (9, 0) {
            return Err(format!("suggested at {local}, not 09:00"));
        }
    } else if s.next_ok_at.is_some() != s.suggested_at.is_some() {
        return Err("suggested_at without next_ok_at, or the other way".into());
    }
    if step.id == StepId::InterviewAhead && (step.at.is_none() || !step.timed || s.follow_up_due) {
        return Err("an interview ahead without its moment, or with a follow-up due".into());
    }
    // The calendar has an event where the card names a moment (waiting for their answer:
    // the day a follow-up is fine if they do not write, when it has one).
    let timed = too_soon::ics::moment(s, tz);
    let untimed = matches!(step.id, StepId::Closed | StepId::Nothing)
        || (step.id == StepId::WaitingAnswer && step.at.is_none());
    if untimed != timed.is_none() {
        return Err(format!("{:?} with the calendar moment {timed:?}", step.id));
    }
    if step.id == StepId::WaitingAnswer && timed.map(|t| t.fixed_offset()) != moment(&step.at) {
        return Err("waiting for their answer: the calendar's moment is not the card's".into());
    }
    if step.id == StepId::ThankYouDue && (step.names.is_empty() || !step.timed) {
        return Err("a thank-you note is due to nobody, or without its time".into());
    }
    // "Why" explains the card's step first: the rule that makes it, with the same people.
    let leading = match step.id {
        StepId::ThankYouDue => Some("R-THANK-YOU"),
        StepId::Answer => Some("R-REPLY"),
        StepId::CheckIn if step.now => Some("R-AGREED-DATE"),
        StepId::MoveOn => Some("R-MOVE-ON"),
        StepId::Closed => Some("R-CLOSED"),
        _ => None,
    };
    if let Some(rule) = leading {
        let first = s.why.first().map(|r| r.rule);
        if first != Some(rule) {
            return Err(format!(
                "{:?} with {first:?} first in why, not {rule}",
                step.id
            ));
        }
    }
    if step.id == StepId::ThankYouDue && s.why[0].data.names != step.names {
        return Err("the thank-you reason names other people than the step".into());
    }
    Ok(())
}

#[test]
fn every_scenario_case_has_its_next_step() {
    let expected = read(dir().join("steps").join("next_steps.json"));
    let mut paths: Vec<PathBuf> = std::fs::read_dir(dir())
        .expect("tests/scenarios")
        .filter_map(Result::ok)
        .map(|e| e.path())
        .filter(|p| p.extension().is_some_and(|x| x == "json"))
        .collect();
    paths.sort();
    let mut got: BTreeMap<String, BTreeMap<String, Value>> = BTreeMap::new();
    let mut problems = Vec::new();
    for path in &paths {
        let name = path.file_stem().unwrap().to_string_lossy().to_string();
        let (statuses, tz) = statuses(&read(path.clone()));
        let mut steps = BTreeMap::new();
        for s in &statuses {
            if let Err(p) = agrees(s, &tz) {
                problems.push(format!("{name} / {}: {p}", s.opportunity));
            }
            steps.insert(
                s.opportunity.clone(),
                serde_json::to_value(s.step.id).unwrap(),
            );
        }
        if policy::due_now(&statuses) != statuses.iter().filter(|s| s.step.now).count() {
            problems.push(format!("{name}: the count is not the cards that say now"));
        }
        got.insert(name, steps);
    }
    if std::env::var_os("TOO_SOON_WRITE_STEPS").is_some() {
        let text = serde_json::to_string_pretty(&got).unwrap() + "\n";
        std::fs::write(dir().join("steps").join("next_steps.json"), text).unwrap();
    }
    assert!(problems.is_empty(), "{}", problems.join("\n"));
    let got = serde_json::to_value(&got).unwrap();
    let cases = got.as_object().unwrap();
    assert!(cases.len() >= 100, "{} cases", cases.len());
    for (case, steps) in cases {
        assert_eq!(Some(steps), expected.get(case), "{case}");
    }
    assert_eq!(got, expected, "the same cases");
    // Every word of the vocabulary is met somewhere.
    let seen: std::collections::BTreeSet<&str> = cases
        .values()
        .flat_map(|s| s.as_object().unwrap().values())
        .filter_map(Value::as_str)
        .collect();
    for id in [
        "thank_you_due",
        "answer",
        "check_in",
        "follow_up_now",
        "waiting",
        "waiting_answer",
        "interview_ahead",
        "move_on",
        "closed",
    ] {
        assert!(seen.contains(id), "no case shows {id}: {seen:?}");
    }
}
