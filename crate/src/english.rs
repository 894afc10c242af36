//! The words of the engine's data, from the extension's catalogue: the CLI's English
//! rendering (`extension/_locales/en/messages.json`, compiled in) and the tests' check
//! that every message of every language can be rendered. The WebAssembly module carries
//! none of it (nothing it exports calls it): the extension words everything with
//! `shared/say.js`, under the same rules.
//!
//! A message is the catalogue's `say_<id>`, with placeholders in braces named after the
//! fields of its data (see [`Catalogue::say`]).

use std::collections::HashMap;
use std::sync::OnceLock;

use chrono::{Datelike, NaiveDate, Timelike};
use serde_json::Value;

const WEEKDAYS: [&str; 7] = ["Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"];
const MONTHS: [&str; 12] = [
    "Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec",
];

/// One language's messages (a `messages.json`).
#[derive(Debug, Clone, Default)]
pub struct Catalogue {
    messages: HashMap<String, String>,
}

/// The English catalogue, compiled in.
pub fn english() -> &'static Catalogue {
    static EN: OnceLock<Catalogue> = OnceLock::new();
    EN.get_or_init(|| {
        Catalogue::parse(include_str!("../../extension/_locales/en/messages.json"))
            .unwrap_or_default()
    })
}

/// `Tue 3 Nov`.
fn day(date: NaiveDate) -> String {
    let weekday = WEEKDAYS[date.weekday().num_days_from_monday() as usize];
    format!(
        "{weekday} {} {}",
        date.day(),
        MONTHS[date.month0() as usize]
    )
}

/// `A`, `A and B`, `A, B and C` (with `word` "and"; "or" for a choice).
fn list(items: &[String], word: &str) -> String {
    match items {
        [] => String::new(),
        [one] => one.clone(),
        [init @ .., last] => format!("{} {word} {last}", init.join(", ")),
    }
}

/// A date (`YYYY-MM-DD`) or an instant (RFC 3339: its local date, plus the time of day
/// when `time` and it is not midnight).
fn date(value: &Value, time: bool) -> Option<String> {
    let text = value.as_str()?;
    if let Ok(d) = text.parse::<NaiveDate>() {
        return Some(day(d));
    }
    let t = crate::model::parse_instant(text)?;
    let d = day(t.date_naive());
    if time && (t.hour(), t.minute()) != (0, 0) {
        Some(format!("{d} {:02}:{:02}", t.hour(), t.minute()))
    } else {
        Some(d)
    }
}

impl Catalogue {
    /// A `messages.json` (`{"key": {"message": "…"}}`).
    pub fn parse(text: &str) -> Result<Catalogue, String> {
        let value: Value = serde_json::from_str(text).map_err(|e| e.to_string())?;
        let object = value.as_object().ok_or("not a JSON object")?;
        let messages = object
            .iter()
            .filter_map(|(k, v)| Some((k.clone(), v.get("message")?.as_str()?.to_string())))
            .collect();
        Ok(Catalogue { messages })
    }

    pub fn has(&self, key: &str) -> bool {
        self.messages.contains_key(key)
    }

    /// The message `say_<id>` over `data` (a JSON object). A message with `_one` and
    /// `_other` forms is chosen by `data.count` (else `data.days`). Placeholders:
    /// `{since}`, `{until}`, `{next}` (instants: their day), the same with `_time` (the
    /// day and, unless midnight, the time), `{date}`, `{since_date}` (dates), `{dates}`
    /// and `{names}` (lists), `{wait}` (`data.days` as a duration), `{reason}` (the badge
    /// words of `data.reason`, `say_short_<message>`), any other field as it is. A
    /// missing message or a placeholder without data is an error.
    pub fn say(&self, id: &str, data: &Value) -> Result<String, String> {
        let key = self.key(&format!("say_{id}"), data)?;
        let template = &self.messages[&key];
        let mut out = String::with_capacity(template.len() + 32);
        let mut rest = template.as_str();
        while let Some(start) = rest.find('{') {
            out.push_str(&rest[..start]);
            let Some(len) = rest[start..].find('}') else {
                return Err(format!("{key}: an unclosed placeholder"));
            };
            let name = &rest[start + 1..start + len];
            let value = self
                .placeholder(name, data)
                .ok_or_else(|| format!("{key}: no data for {{{name}}} in {data}"))?;
            out.push_str(&value);
            rest = &rest[start + len + 1..];
        }
        out.push_str(rest);
        Ok(out)
    }

    /// `key`, or its plural form.
    fn key(&self, key: &str, data: &Value) -> Result<String, String> {
        if self.has(key) {
            return Ok(key.to_string());
        }
        let one = format!("{key}_one");
        let other = format!("{key}_other");
        if !self.has(&other) {
            return Err(format!("no message {key}"));
        }
        let n = data.get("count").or_else(|| data.get("days"));
        let n = n
            .and_then(Value::as_u64)
            .ok_or_else(|| format!("{key}: no count"))?;
        Ok(if n == 1 && self.has(&one) { one } else { other })
    }

    fn placeholder(&self, name: &str, data: &Value) -> Option<String> {
        let strings = |v: &Value| -> Option<Vec<String>> {
            v.as_array()?
                .iter()
                .map(|x| x.as_str().map(String::from))
                .collect()
        };
        match name {
            "wait" => {
                let days = data.get("days")?.as_u64()?;
                let id = match days {
                    7 => "wait_week",
                    14 => "wait_two_weeks",
                    _ => "wait_days",
                };
                self.say(id, &serde_json::json!({ "days": days })).ok()
            }
            "reason" => {
                let reason = data.get("reason")?;
                let message = reason.get("message")?.as_str()?;
                self.say(&format!("short_{message}"), reason.get("data")?)
                    .ok()
            }
            "dates" => {
                let mut days: Vec<String> = Vec::new();
                for d in data.get("dates")?.as_array()? {
                    let d = date(d, false)?;
                    if !days.contains(&d) {
                        days.push(d);
                    }
                }
                Some(list(&days, "and"))
            }
            "names" => Some(list(&strings(data.get("names")?)?, "and")),
            // A kind of JSON value in words (`say_type_string`: "text"), or the values a
            // field may take (`a|b|c`): "a, b or c".
            "expected" | "found" => {
                let value = data.get(name)?.as_str()?;
                let kind = format!("type_{value}");
                if self.has(&format!("say_{kind}")) {
                    return self.say(&kind, &Value::Null).ok();
                }
                let values: Vec<String> = value.split('|').map(String::from).collect();
                Some(list(&values, "or"))
            }
            _ => {
                if let Some(field) = name.strip_suffix("_time") {
                    return date(data.get(field)?, true);
                }
                let value = data.get(name)?;
                match name {
                    "since" | "until" | "next" | "date" | "since_date" => date(value, false),
                    _ => match value {
                        Value::String(s) => Some(s.clone()),
                        Value::Number(n) => Some(n.to_string()),
                        _ => None,
                    },
                }
            }
        }
    }

    /// Every `{placeholder}` of the message `key`, in order.
    pub fn placeholders(&self, key: &str) -> Vec<String> {
        let mut out = Vec::new();
        let mut rest = self.messages.get(key).map_or("", String::as_str);
        while let Some(start) = rest.find('{') {
            let Some(len) = rest[start..].find('}') else {
                break;
            };
            out.push(rest[start + 1..start + len].to_string());
            rest = &rest[start + len + 1..];
        }
        out
    }

    /// Every key.
    pub fn keys(&self) -> impl Iterator<Item = &str> {
        self.messages.keys().map(String::as_str)
    }
}

/// The catalogue's positional message `key` (`$1`, `$2`, … replaced by `args`).
fn positional(key: &str, args: &[String]) -> String {
    let mut text = english().messages.get(key).cloned().unwrap_or_default();
    for (i, arg) in args.iter().enumerate().rev() {
        text = text.replace(&format!("${}", i + 1), arg);
    }
    text
}

/// A problem's English words (`say_problem_<code>` over its values, a JSON object); its
/// code when the catalogue has no words for it.
pub fn problem(code: &str, values: &Value) -> String {
    english()
        .say(&format!("problem_{code}"), values)
        .unwrap_or_else(|_| code.to_string())
}

/// An opportunity's next step (a status's `step`) in English, as the popup words it
/// (`extension/shared/steps.js`): "Waiting — follow up from Wed 9 Dec".
pub fn step_line(step: &Value) -> String {
    let at = step
        .get("at")
        .and_then(|a| date(a, step["timed"].as_bool().unwrap_or(false)));
    let now = step["now"].as_bool().unwrap_or(false);
    let id = step["id"].as_str().unwrap_or("nothing");
    let day = date(&step["date"], false);
    match (id, at) {
        ("answer", _) => match day {
            Some(day) => positional("next_answer", &[day]),
            None => positional("next_answer_now", &[]),
        },
        ("thank_you_due", None) => positional("next_thank_you_due_now", &[]),
        ("thank_you_due" | "waiting" | "interview_ahead" | "send_ahead", Some(at)) => {
            positional(&format!("next_{id}"), &[at])
        }
        ("waiting_answer", Some(at)) => positional("next_waiting_answer_until", &[at]),
        // Now: on the agreed day or any day after it (`date` says which was agreed).
        ("check_in", _) if now => positional("next_check_in_now", &[day.unwrap_or_default()]),
        ("check_in", _) => positional("next_check_in", &[day.unwrap_or_default()]),
        ("follow_up_now" | "waiting_answer" | "move_on" | "closed", _) => {
            positional(&format!("next_{id}"), &[])
        }
        _ => positional("next_nothing", &[]),
    }
}

/// A status's one English line (the CLI's `summary`): its next step, then the first
/// reason behind it: "Waiting — follow up from Mon 9 Nov. You applied on Mon 2 Nov; …".
pub fn summary(status: &Value) -> String {
    let step = step_line(&status["step"]);
    let reason = status["why"]
        .get(0)
        .and_then(|r| english().say(r["message"].as_str()?, &r["data"]).ok());
    match reason {
        Some(reason) => format!("{step}. {reason}"),
        None => step,
    }
}

/// Adds the English words beside the data in a verdict's or a status's JSON: `sentence`
/// beside every reason and hint (`{"message", "data"}` objects with a `rule`), and
/// `headline` beside a verdict's `heading`, `summary` beside a status's `step`, and
/// `message` beside a problem's `code` (`{"path", "code", "values"}` objects).
pub fn annotate(value: &mut Value) {
    let en = english();
    match value {
        Value::Object(map) => {
            if map.contains_key("step") && map.contains_key("opportunity") {
                let line = summary(&Value::Object(map.clone()));
                map.insert("summary".into(), Value::String(line));
            }
            if let (Some(Value::String(message)), Some(data), true) = (
                map.get("message"),
                map.get("data"),
                map.contains_key("rule"),
            ) {
                let sentence = en.say(message, data).unwrap_or_default();
                map.insert("sentence".into(), Value::String(sentence));
            }
            if let (Some(Value::String(code)), true) = (map.get("code"), map.contains_key("path")) {
                let words = problem(code, map.get("values").unwrap_or(&Value::Null));
                map.insert("message".into(), Value::String(words));
            }
            if let Some(heading) = map.get("heading") {
                let id = heading.get("id").and_then(Value::as_str).unwrap_or("ok");
                let data = heading.get("data").cloned().unwrap_or(Value::Null);
                let headline = en.say(&format!("headline_{id}"), &data).unwrap_or_default();
                map.insert("headline".into(), Value::String(headline));
            }
            for v in map.values_mut() {
                annotate(v);
            }
        }
        Value::Array(items) => items.iter_mut().for_each(annotate),
        _ => {}
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn day_matches_chronos_formatter() {
        let mut d = NaiveDate::from_ymd_opt(2024, 1, 1).unwrap();
        while d.year() < 2029 {
            assert_eq!(day(d), d.format("%a %-d %b").to_string());
            d = d.succ_opt().unwrap();
        }
    }

    #[test]
    fn english_renders_dates_lists_plurals_and_waits() {
        let en = english();
        let data = json!({"since": "2026-11-03T10:00:00-05:00", "until": "2026-11-10T00:00:00-05:00", "days": 7});
        assert_eq!(
            en.say("interview_wait", &data).unwrap(),
            "Your interview was on Tue 3 Nov: give them a week, so not before Tue 10 Nov."
        );
        let data = json!({"since": "2026-11-03T10:00:00-05:00", "until": "2026-11-05T10:00:00-05:00", "names": ["Sam Lee", "Dana Hill", "Kim"]});
        assert_eq!(
            en.say("thank_you", &data).unwrap(),
            "Your interview was on Tue 3 Nov 10:00; a thank-you note to Sam Lee, Dana Hill and Kim is welcome until Thu 5 Nov 10:00, and it does not count as a follow-up."
        );
        let one = json!({"count": 1, "days": 7, "limit": 2, "dates": ["2026-11-02"], "until": "2026-11-09T00:00:00+01:00"});
        assert!(en
            .say("week_cap", &one)
            .unwrap()
            .contains("made 1 contact in the last 7 days (Mon 2 Nov)"));
        let two = json!({"count": 2, "days": 7, "limit": 2, "dates": ["2026-11-02", "2026-11-02", "2026-11-04"], "until": "2026-11-09T00:00:00+01:00"});
        assert!(en
            .say("week_cap", &two)
            .unwrap()
            .contains("2 contacts in the last 7 days (Mon 2 Nov and Wed 4 Nov)"));
        assert_eq!(
            en.say("wait_days", &json!({"days": 10})).unwrap(),
            "10 days"
        );
    }

    #[test]
    fn a_missing_placeholder_or_message_is_an_error() {
        let en = english();
        assert!(en.say("interview_wait", &json!({"days": 7})).is_err());
        assert!(en.say("no_such_message", &json!({})).is_err());
    }

    #[test]
    fn annotate_adds_the_headline_and_every_sentence() {
        let mut v = json!({
            "heading": {"id": "too_soon_until", "data": {"next": "2026-11-13T00:00:00-05:00",
                "reason": {"message": "decision_date", "data": {"date": "2026-11-12"}}}},
            "reasons": [{"rule": "R-DECISION-DATE", "message": "decision_date",
                "data": {"date": "2026-11-12", "until": "2026-11-13T00:00:00-05:00"}}]
        });
        annotate(&mut v);
        assert_eq!(
            v["headline"],
            "Too soon? Decision due Thu 12 Nov; try Fri 13 Nov"
        );
        assert_eq!(
            v["reasons"][0]["sentence"],
            "They said they would decide by Thu 12 Nov: give them until the next business day, Fri 13 Nov."
        );
    }
}
