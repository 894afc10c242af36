//! `too-soon`: the engine on the command line. See `too-soon --help`.

#[cfg(target_arch = "wasm32")]
fn main() {}

#[cfg(not(target_arch = "wasm32"))]
fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    match cli::run(&args) {
        Ok(out) => {
            use std::io::Write;
            if !out.is_empty() {
                // A closed pipe (`too-soon … | head`) is not an error worth a panic.
                let _ = writeln!(std::io::stdout().lock(), "{out}");
            }
        }
        Err(message) => {
            eprintln!("too-soon: {message}");
            std::process::exit(2);
        }
    }
}

#[cfg(not(target_arch = "wasm32"))]
mod cli {
    use std::collections::HashMap;
    use std::str::FromStr;

    use chrono::{DateTime, Utc};
    use chrono_tz::Tz;
    use too_soon::model::{Channel, Data, Profile};
    use too_soon::policy::{self, OpportunityStatus, Query};
    use too_soon::{format, ENGINE_VERSION};

    const HELP: &str = "\
too-soon: is it too soon to follow up with an employer?

USAGE
  too-soon check    --data FILE --to ADDRESS[,ADDRESS...] [OPTIONS]
  too-soon check    --data FILE --opportunity ID [OPTIONS]
  too-soon status   --data FILE [--at TIME] [--tz ZONE] [--format json|text]
  too-soon moments  --data FILE (--to ADDRESS... | --opportunity ID) [OPTIONS] [--limit N]
  too-soon classify --data FILE --to ADDRESS[,ADDRESS...] [OPTIONS]
  too-soon validate --data FILE
  too-soon --help | --version

COMMANDS
  check     Judge a proposed contact: prints the verdict as JSON (level, warn,
            next_ok_at, reasons, hints, headline). Prints null when no address
            is a tracked contact.
  status    What is next for every opportunity: a table (--format text) or JSON.
  moments   The moments ahead at which the verdict on the same contact changes.
  classify  What a send would be: thank_you, answer or initiated, per opportunity.
  validate  Check a data file and list every problem with its path.

OPTIONS
  --data FILE        The history, in the Too Soon? file format (docs/engine.md).
  --to LIST          Recipient addresses, comma-separated (case does not matter).
  --opportunity ID   Judge this opportunity only.
  --channel C        email (default), call, voicemail, message or other.
  --words N          The draft's word count (for the hint on long messages).
  --at TIME          The moment, RFC 3339 (2026-11-05T10:00:00-05:00). Default: now.
  --tz ZONE          IANA time zone for calendar days (America/New_York).
                     Default: the TZ environment variable, else UTC.
  --profile P        gentle, balanced or persistent (default: the file's setting).
  --format F         status output: text (default) or json.
  --limit N          moments: at most N moments (default 10).

EXAMPLES
  too-soon check --data history.json --to dana@acme.example --at 2026-11-05T10:00:00-05:00 --tz America/New_York
  too-soon status --data history.json --tz Europe/Berlin

Exit codes: 0 success, 2 bad arguments or a bad data file.";

    const FLAGS: [&str; 11] = [
        "data",
        "to",
        "opportunity",
        "channel",
        "words",
        "at",
        "tz",
        "profile",
        "format",
        "limit",
        "help",
    ];

    struct Args {
        command: String,
        flags: HashMap<String, String>,
    }

    fn parse_args(args: &[String]) -> Result<Args, String> {
        let mut command = None;
        let mut flags = HashMap::new();
        let mut i = 0;
        while i < args.len() {
            let a = &args[i];
            if let Some(name) = a.strip_prefix("--") {
                let (name, inline) = match name.split_once('=') {
                    Some((n, v)) => (n, Some(v.to_string())),
                    None => (name, None),
                };
                if !FLAGS.contains(&name) {
                    return Err(format!("unknown option --{name} (see too-soon --help)"));
                }
                let value = match inline {
                    Some(v) => v,
                    None => {
                        i += 1;
                        args.get(i)
                            .cloned()
                            .ok_or_else(|| format!("--{name} needs a value"))?
                    }
                };
                if flags.insert(name.to_string(), value).is_some() {
                    return Err(format!("--{name} given twice"));
                }
            } else if command.is_none() {
                command = Some(a.clone());
            } else {
                return Err(format!("unexpected argument {a:?} (see too-soon --help)"));
            }
            i += 1;
        }
        Ok(Args {
            command: command.ok_or("no command given (see too-soon --help)")?,
            flags,
        })
    }

    pub fn run(args: &[String]) -> Result<String, String> {
        match args.first().map(String::as_str) {
            None | Some("--help" | "-h" | "help") => return Ok(HELP.to_string()),
            Some("--version" | "-V") => return Ok(format!("too-soon {ENGINE_VERSION}")),
            _ => {}
        }
        let args = parse_args(args)?;
        let allowed: &[&str] = match args.command.as_str() {
            "check" | "classify" => &[
                "data",
                "to",
                "opportunity",
                "channel",
                "words",
                "at",
                "tz",
                "profile",
            ],
            "moments" => &[
                "data",
                "to",
                "opportunity",
                "channel",
                "at",
                "tz",
                "profile",
                "limit",
            ],
            "status" => &["data", "at", "tz", "format", "profile"],
            "validate" => &["data"],
            other => {
                return Err(format!(
                    "unknown command {other:?} (one of check, status, moments, classify, validate)"
                ))
            }
        };
        if let Some(bad) = args.flags.keys().find(|k| !allowed.contains(&k.as_str())) {
            return Err(format!("{} does not take --{bad}", args.command));
        }
        let data = load(&args)?;
        let tz = zone(args.flags.get("tz"))?;
        let at = moment(args.flags.get("at"))?;
        if let Some(problem) = too_soon::model::moment_problem(at, &tz) {
            return Err(format!("--at: {problem}"));
        }
        match args.command.as_str() {
            "validate" => Ok(format!(
                "ok: {} opportunities, {} contacts, {} events",
                data.opportunities.len(),
                data.contacts.len(),
                data.events.len()
            )),
            "status" => status(&args, data, at, &tz),
            command => {
                let query = query(&args, at)?;
                let json = match command {
                    "check" => to_json(&policy::check(&data, &query, &tz)),
                    "classify" => to_json(&policy::classify(&data, &query, &tz)),
                    _ => {
                        let limit = number(&args, "limit")?.unwrap_or(10) as usize;
                        to_json(&policy::moments_ahead(&data, &query, &tz, limit))
                    }
                };
                Ok(json)
            }
        }
    }

    fn to_json<T: serde::Serialize>(value: &T) -> String {
        serde_json::to_string_pretty(value)
            .unwrap_or_else(|e| format!("{{\"error\": {:?}}}", e.to_string()))
    }

    fn load(args: &Args) -> Result<Data, String> {
        let path = args.flags.get("data").ok_or("--data FILE is required")?;
        let text = std::fs::read_to_string(path).map_err(|e| format!("cannot read {path}: {e}"))?;
        format::parse(&text).map_err(|problems| {
            let shown: Vec<String> = problems.iter().take(5).map(ToString::to_string).collect();
            let more = problems.len().saturating_sub(shown.len());
            let tail = if more > 0 {
                format!("; and {more} more")
            } else {
                String::new()
            };
            format!(
                "{path} is not a valid Too Soon? file: {}{tail}",
                shown.join("; ")
            )
        })
    }

    fn zone(flag: Option<&String>) -> Result<Tz, String> {
        let (name, from) = match flag {
            Some(name) => (name.clone(), "--tz"),
            None => match std::env::var("TZ") {
                Ok(v) if !v.trim().is_empty() => {
                    (v.trim().trim_start_matches(':').to_string(), "TZ")
                }
                _ => return Ok(Tz::UTC),
            },
        };
        Tz::from_str(&name).map_err(|_| {
            format!("{from}: unknown time zone {name:?} (use an IANA name like America/New_York)")
        })
    }

    fn moment(flag: Option<&String>) -> Result<DateTime<Utc>, String> {
        match flag {
            None => Ok(Utc::now()),
            Some(s) => DateTime::parse_from_rfc3339(s)
                .map(|t| t.with_timezone(&Utc))
                .map_err(|_| format!("--at: not an RFC 3339 time with an offset: {s:?} (like 2026-11-05T10:00:00-05:00)")),
        }
    }

    fn number(args: &Args, flag: &str) -> Result<Option<u32>, String> {
        args.flags
            .get(flag)
            .map(|s| {
                s.parse::<u32>()
                    .map_err(|_| format!("--{flag}: not a whole number: {s:?}"))
            })
            .transpose()
    }

    fn profile(args: &Args) -> Result<Option<Profile>, String> {
        args.flags
            .get("profile")
            .map(|s| {
                Profile::from_name(s)
                    .ok_or_else(|| format!("--profile: {s:?} is not one of {}", Profile::names()))
            })
            .transpose()
    }

    fn query(args: &Args, at: DateTime<Utc>) -> Result<Query, String> {
        let to: Vec<String> = args
            .flags
            .get("to")
            .map(|s| {
                s.split(',')
                    .map(str::trim)
                    .filter(|a| !a.is_empty())
                    .map(String::from)
                    .collect()
            })
            .unwrap_or_default();
        let opportunity = args.flags.get("opportunity").cloned();
        if to.is_empty() && opportunity.is_none() {
            return Err("--to ADDRESS or --opportunity ID is required".to_string());
        }
        let channel = match args.flags.get("channel") {
            None => Channel::Email,
            Some(s) => Channel::from_name(s)
                .ok_or_else(|| format!("--channel: {s:?} is not one of {}", Channel::names()))?,
        };
        Ok(Query {
            to,
            opportunity,
            channel,
            words: number(args, "words")?,
            at,
            profile: profile(args)?,
        })
    }

    fn status(args: &Args, mut data: Data, at: DateTime<Utc>, tz: &Tz) -> Result<String, String> {
        if let Some(p) = profile(args)? {
            data.settings.profile = p;
        }
        let statuses = policy::status(&data, at, tz);
        match args.flags.get("format").map(String::as_str) {
            None | Some("text") => Ok(table(&statuses, at, tz)),
            Some("json") => Ok(to_json(&statuses)),
            Some(other) => Err(format!("--format: {other:?} is not text or json")),
        }
    }

    fn short(rfc3339: &Option<String>, at: DateTime<Utc>, tz: &Tz) -> String {
        let Some(s) = rfc3339 else {
            return "-".to_string();
        };
        match DateTime::parse_from_rfc3339(s) {
            Ok(t) if t.with_timezone(&Utc) <= at => "now".to_string(),
            Ok(t) => {
                let local = t.with_timezone(tz);
                if local.format("%H:%M").to_string() == "00:00" {
                    local.format("%a %-d %b").to_string()
                } else {
                    local.format("%a %-d %b %H:%M").to_string()
                }
            }
            Err(_) => s.clone(),
        }
    }

    fn table(statuses: &[OpportunityStatus], at: DateTime<Utc>, tz: &Tz) -> String {
        if statuses.is_empty() {
            return "No opportunities tracked yet.".to_string();
        }
        let header = [
            "OPPORTUNITY",
            "STAGE",
            "FOLLOW-UP NOW",
            "NEXT",
            "FROM",
            "WHY",
        ]
        .map(String::from);
        let mut rows = vec![header.to_vec()];
        for s in statuses {
            let name = if s.role.is_empty() {
                s.company.clone()
            } else {
                format!("{} ({})", s.company, s.role)
            };
            let next = serde_json::to_value(s.next_step)
                .ok()
                .and_then(|v| v.as_str().map(|x| x.replace('_', " ")))
                .unwrap_or_default();
            rows.push(vec![
                name,
                s.stage.to_string(),
                s.level.as_str().replace('_', " "),
                next,
                short(&s.from, at, tz),
                s.summary.clone(),
            ]);
        }
        let widths: Vec<usize> = (0..5)
            .map(|c| rows.iter().map(|r| r[c].chars().count()).max().unwrap_or(0))
            .collect();
        rows.iter()
            .map(|r| {
                let mut line = String::new();
                for (c, cell) in r.iter().enumerate() {
                    if c < 5 {
                        line.push_str(&format!("{cell:<w$}  ", w = widths[c]));
                    } else {
                        line.push_str(cell);
                    }
                }
                line.trim_end().to_string()
            })
            .collect::<Vec<_>>()
            .join("\n")
    }
}
