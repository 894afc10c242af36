//! `too-soon`: the engine on the command line. See `too-soon --help`.

#[cfg(target_arch = "wasm32")]
fn main() {}

#[cfg(not(target_arch = "wasm32"))]
fn main() {
    use std::io::Write;
    let code = match cli::run(std::env::args_os()) {
        Ok(cli::Done { out, code }) => {
            if !out.is_empty() {
                // A closed pipe (`too-soon … | head`) is not an error worth a panic.
                let _ = writeln!(std::io::stdout().lock(), "{out}");
            }
            code
        }
        Err(cli::Failure::Usage(error)) if error.use_stderr() => {
            eprint!("{}", cli::usage_text(&error));
            error.exit_code()
        }
        Err(cli::Failure::Usage(error)) => error.exit(), // --help, --version: clap's own words
        Err(cli::Failure::Input(message)) => {
            eprintln!("too-soon: {message}");
            2
        }
    };
    std::process::exit(code);
}

#[cfg(not(target_arch = "wasm32"))]
mod cli {
    use std::ffi::OsString;
    use std::io::Read;
    use std::path::{Path, PathBuf};
    use std::str::FromStr;

    use chrono::{DateTime, Utc};
    use chrono_tz::Tz;
    use clap::builder::{PossibleValuesParser, TypedValueParser};
    use clap::{Args, CommandFactory, Parser, Subcommand, ValueEnum};
    use too_soon::model::{Channel, Data, Profile};
    use too_soon::policy::{self, NextStep, OpportunityStatus, Query};
    use too_soon::{format, ENGINE_VERSION};

    /// What a run printed, and its exit code (0, or 1 for `check --fail-on-warn` when the
    /// verdict warns).
    pub struct Done {
        pub out: String,
        pub code: i32,
    }

    /// Why a run stopped: the arguments (clap's error, or the help) or the input (exit 2).
    pub enum Failure {
        Usage(clap::Error),
        Input(String),
    }

    const EXAMPLES: &str = "\
Examples:
  too-soon check --data history.json --to dana@acme.example --at 2026-11-05T10:00:00-05:00 --tz America/New_York
  too-soon status --data history.json --tz Europe/Berlin
  too-soon completions bash > /etc/bash_completion.d/too-soon

Exit codes: 0 success; 1 the verdict warns (check --fail-on-warn); 2 bad arguments or a bad data file.";

    /// Is it too soon to follow up with an employer? The Too Soon? engine over a history file.
    #[derive(Parser)]
    #[command(name = "too-soon", version = ENGINE_VERSION, after_help = EXAMPLES)]
    struct Cli {
        #[command(subcommand)]
        command: Command,
    }

    #[derive(Subcommand)]
    enum Command {
        /// Judge a proposed contact: the verdict as JSON (level, warn, next_ok_at, reasons,
        /// hints, headline); null when no address is a tracked contact
        Check {
            #[command(flatten)]
            draft: Draft,
            /// Exit with 1 when the verdict warns (too soon, stop), for scripts
            #[arg(long)]
            fail_on_warn: bool,
        },
        /// What is next for every opportunity: a table or JSON
        Status {
            #[command(flatten)]
            history: History,
            /// How strict (default: the file's setting)
            #[arg(long, value_name = "PROFILE", value_parser = profiles())]
            profile: Option<Profile>,
            /// Output
            #[arg(long, value_enum, default_value_t = Output::Text)]
            format: Output,
        },
        /// The moments ahead at which the verdict on the same contact changes, as JSON
        Moments {
            #[command(flatten)]
            history: History,
            #[command(flatten)]
            contact: Contact,
            /// At most this many moments
            #[arg(long, value_name = "N", default_value_t = 10)]
            limit: u32,
        },
        /// What a send would be, per opportunity: thank_you, answer or initiated, as JSON
        Classify {
            #[command(flatten)]
            draft: Draft,
        },
        /// Check a history file and list every problem with its path
        Validate {
            /// The history, in the Too Soon? file format (docs/file-format.md)
            #[arg(long, value_name = "FILE")]
            data: PathBuf,
        },
        /// Print a shell completion script (bash, zsh, fish, elvish, powershell)
        Completions {
            #[arg(value_enum)]
            shell: clap_complete::Shell,
        },
        /// Print the man page (roff)
        #[command(hide = true)]
        Manpage,
    }

    /// The history and the moment it is read at.
    #[derive(Args)]
    struct History {
        /// The history, in the Too Soon? file format (docs/file-format.md)
        #[arg(long, value_name = "FILE")]
        data: PathBuf,
        /// The moment, RFC 3339 (2026-11-05T10:00:00-05:00) [default: now]
        #[arg(long, value_name = "TIME", value_parser = moment)]
        at: Option<DateTime<Utc>>,
        /// IANA time zone for calendar days (America/New_York) [default: $TZ, else UTC]
        #[arg(long, value_name = "ZONE", value_parser = zone)]
        tz: Option<Tz>,
    }

    /// A draft to judge: the history, the proposed contact and the draft's length.
    #[derive(Args)]
    struct Draft {
        #[command(flatten)]
        history: History,
        #[command(flatten)]
        contact: Contact,
        /// The draft's word count (for the hint on long messages)
        #[arg(long, value_name = "N")]
        words: Option<u32>,
    }

    /// The proposed contact: to whom (or which opportunity), how, under which profile.
    #[derive(Args)]
    struct Contact {
        #[command(flatten)]
        who: Who,
        /// How the contact is made
        #[arg(long, value_name = "CHANNEL", value_parser = channels(), default_value = "email")]
        channel: Channel,
        /// How strict (default: the file's setting)
        #[arg(long, value_name = "PROFILE", value_parser = profiles())]
        profile: Option<Profile>,
    }

    /// To whom: addresses, an opportunity, or both (one of them at least).
    #[derive(Args)]
    #[group(required = true, multiple = true)]
    struct Who {
        /// Recipient addresses, comma-separated (case does not matter; `Name <address>` too)
        #[arg(long, value_name = "ADDRESS", value_delimiter = ',', value_parser = recipient)]
        to: Vec<String>,
        /// Judge this opportunity only
        #[arg(long, value_name = "ID")]
        opportunity: Option<String>,
    }

    #[derive(Clone, Copy, PartialEq, Eq, ValueEnum)]
    enum Output {
        Text,
        Json,
    }

    // The model's own names are the values (listed in --help); one definition, in the model.
    fn channels() -> impl TypedValueParser<Value = Channel> {
        PossibleValuesParser::new(Channel::ALL.iter().map(|c| c.as_str()))
            .map(|name| Channel::from_name(&name).unwrap_or_default())
    }

    fn profiles() -> impl TypedValueParser<Value = Profile> {
        PossibleValuesParser::new(Profile::ALL.iter().map(|p| p.as_str()))
            .map(|name| Profile::from_name(&name).unwrap_or_default())
    }

    fn moment(s: &str) -> Result<DateTime<Utc>, String> {
        DateTime::parse_from_rfc3339(s)
            .map(|t| t.with_timezone(&Utc))
            .map_err(|_| {
                "not an RFC 3339 time with an offset (like 2026-11-05T10:00:00-05:00)".to_string()
            })
    }

    fn zone(name: &str) -> Result<Tz, String> {
        let name = name.trim().trim_start_matches(':');
        // `TZ` may name a zone file (`:/etc/localtime`): the zone is the name it links to.
        let linked = name
            .starts_with('/')
            .then(|| std::fs::canonicalize(name).ok())
            .flatten()
            .and_then(|path| Some(path.to_str()?.split_once("/zoneinfo/")?.1.to_string()));
        Tz::from_str(linked.as_deref().unwrap_or(name))
            .map_err(|_| "unknown time zone (use an IANA name like America/New_York)".to_string())
    }

    /// One `--to` address: `dana@acme.example`, or as mail programs write it, `Dana Hill
    /// <dana@acme.example>`. Anything else is refused (exit 2): a typo must never read as
    /// "not tracked", which `--fail-on-warn` would let through.
    fn recipient(value: &str) -> Result<String, String> {
        let value = value.trim();
        let address = match (value.rfind('<'), value.strip_suffix('>')) {
            (Some(open), Some(inner)) => inner[open + 1..].trim(),
            _ => value,
        };
        if too_soon::model::is_whole_email(address) {
            Ok(address.to_string())
        } else if value.is_empty() {
            Err("no address (an empty value, or two commas in a row)".to_string())
        } else {
            Err("not an email address (like dana@acme.example)".to_string())
        }
    }

    /// The clap command, for completions and the man page.
    pub fn command() -> clap::Command {
        Cli::command()
    }

    pub fn run(args: impl IntoIterator<Item = OsString>) -> Result<Done, Failure> {
        let cli = Cli::try_parse_from(args).map_err(Failure::Usage)?;
        let ok = |out: String| Ok(Done { out, code: 0 });
        match cli.command {
            Command::Completions { shell } => {
                let mut out = Vec::new();
                clap_complete::generate(shell, &mut command(), "too-soon", &mut out);
                ok(String::from_utf8_lossy(&out).trim_end().to_string())
            }
            Command::Manpage => {
                let mut out = Vec::new();
                clap_mangen::Man::new(command())
                    .render(&mut out)
                    .map_err(|e| Failure::Input(e.to_string()))?;
                ok(String::from_utf8_lossy(&out).trim_end().to_string())
            }
            Command::Validate { data } => {
                let data = load(&data, Listing::Every)?;
                ok(format!(
                    "ok: {} opportunities, {} contacts, {} events",
                    data.opportunities.len(),
                    data.contacts.len(),
                    data.events.len()
                ))
            }
            Command::Status {
                history,
                profile,
                format,
            } => {
                let (mut data, at, tz) = read(&history)?;
                if let Some(p) = profile {
                    data.settings.profile = p;
                }
                let statuses = policy::status(&data, at, &tz);
                ok(match format {
                    Output::Text => table(&statuses, at, &tz),
                    Output::Json => worded(&statuses),
                })
            }
            Command::Check {
                draft,
                fail_on_warn,
            } => {
                let (data, at, tz) = read(&draft.history)?;
                let query = query(&data, draft.contact, draft.words, at)?;
                let verdict = policy::check(&data, &query, &tz);
                let warns = verdict.as_ref().is_some_and(|v| v.warn);
                Ok(Done {
                    out: worded(&verdict),
                    code: i32::from(fail_on_warn && warns),
                })
            }
            Command::Classify { draft } => {
                let (data, at, tz) = read(&draft.history)?;
                let query = query(&data, draft.contact, draft.words, at)?;
                ok(to_json(&policy::classify(&data, &query, &tz)))
            }
            Command::Moments {
                history,
                contact,
                limit,
            } => {
                let (data, at, tz) = read(&history)?;
                let query = query(&data, contact, None, at)?;
                ok(to_json(&policy::moments_ahead(
                    &data,
                    &query,
                    &tz,
                    limit as usize,
                )))
            }
        }
    }

    /// As JSON, with the English words beside the data (`sentence`, `headline`).
    fn worded<T: serde::Serialize>(value: &T) -> String {
        let mut json = serde_json::to_value(value).unwrap_or_default();
        too_soon::english::annotate(&mut json);
        to_json(&json)
    }

    fn to_json<T: serde::Serialize>(value: &T) -> String {
        serde_json::to_string_pretty(value)
            .unwrap_or_else(|e| format!("{{\"error\": {:?}}}", e.to_string()))
    }

    /// The history, the moment and the zone of a command.
    fn read(history: &History) -> Result<(Data, DateTime<Utc>, Tz), Failure> {
        let data = load(&history.data, Listing::FirstFew)?;
        let tz = match history.tz {
            Some(tz) => tz,
            None => match std::env::var("TZ") {
                Ok(v) if !v.trim().is_empty() => {
                    zone(&v).map_err(|e| Failure::Input(format!("TZ={v:?}: {e}")))?
                }
                _ => Tz::UTC,
            },
        };
        let at = history.at.unwrap_or_else(Utc::now);
        if !too_soon::model::moment_kept(at, &tz) {
            let (first, last) = (too_soon::model::FIRST_YEAR, too_soon::model::LAST_YEAR);
            return Err(Failure::Input(format!(
                "--at: {} is outside the years {first} to {last} that Too Soon? keeps",
                at.to_rfc3339()
            )));
        }
        Ok((data, at, tz))
    }

    /// How a file's problems are shown when it cannot be read: every one, a line each
    /// (`validate`), or the first five on one line (the other commands).
    #[derive(Clone, Copy, PartialEq, Eq)]
    enum Listing {
        Every,
        FirstFew,
    }

    /// How many problems [`Listing::FirstFew`] shows.
    const FIRST_FEW: usize = 5;

    /// The history in the file at `path`; else why not, its problems as `listing` says.
    fn load(path: &Path, listing: Listing) -> Result<Data, Failure> {
        // At most one byte more than a file may hold: `/dev/zero` is refused, not read forever.
        let mut bytes = Vec::new();
        std::fs::File::open(path)
            .and_then(|file| {
                file.take(format::MAX_FILE_BYTES as u64 + 1)
                    .read_to_end(&mut bytes)
            })
            .map_err(|e| Failure::Input(format!("cannot read {}: {e}", path.display())))?;
        format::parse_bytes(&bytes).map_err(|problems| {
            let head = format!("{} is not a valid Too Soon? file:", path.display());
            let line = |p: &format::Problem| printable(&p.to_string());
            if listing == Listing::Every {
                let lines: Vec<String> = problems.iter().map(line).collect();
                return Failure::Input(format!("{head}\n  {}", lines.join("\n  ")));
            }
            let lines: Vec<String> = problems.iter().take(FIRST_FEW).map(line).collect();
            let more = problems.len().saturating_sub(lines.len());
            let tail = if more > 0 {
                format!(" And {more} more (`too-soon validate` lists them all).")
            } else {
                String::new()
            };
            Failure::Input(format!("{head} {}{tail}", lines.join(" ")))
        })
    }

    /// The question asked of `data`; an `--opportunity` it does not hold is refused (exit
    /// 2), as a `--to` typo is: it must never read as "not tracked".
    fn query(
        data: &Data,
        contact: Contact,
        words: Option<u32>,
        at: DateTime<Utc>,
    ) -> Result<Query, Failure> {
        if let Some(id) = &contact.who.opportunity {
            if !data.opportunities.iter().any(|o| &o.id == id) {
                let ids: Vec<String> = data
                    .opportunities
                    .iter()
                    .map(|o| printable(&o.id))
                    .collect();
                return Err(Failure::Input(format!(
                    "--opportunity: no opportunity {id:?} in the file (its ids: {})",
                    if ids.is_empty() {
                        "none".to_string()
                    } else {
                        ids.join(", ")
                    }
                )));
            }
        }
        Ok(Query {
            to: contact.who.to,
            opportunity: contact.who.opportunity,
            channel: contact.channel,
            words,
            at,
            profile: contact.profile,
        })
    }

    /// `text` as it may reach a terminal: its control characters escaped (`\u{1b}`, `\n`),
    /// so that what a file holds cannot clear the screen, set the title or start a line,
    /// and its direction marks (`\u{202e}`), so that it cannot reorder the line.
    fn printable(text: &str) -> String {
        text.chars()
            .map(|c| {
                if unsafe_char(c) {
                    c.escape_default().to_string()
                } else {
                    c.to_string()
                }
            })
            .collect()
    }

    /// Whether `c` may not reach a terminal as it is: a control character, or one that
    /// reorders text (direction marks, embeddings and isolates, line and paragraph
    /// separators).
    pub fn unsafe_char(c: char) -> bool {
        c.is_control() || too_soon::text::reorders(c)
    }

    /// clap's words for a usage error, with the values it repeats made printable (its
    /// lines kept): `--to` or `--at` may hold anything.
    pub fn usage_text(error: &clap::Error) -> String {
        let text = error.render().to_string();
        text.split('\n')
            .map(printable)
            .collect::<Vec<_>>()
            .join("\n")
    }

    /// A moment in the table: "now" once passed, else its day, with its time when `timed`
    /// and not midnight.
    fn short(rfc3339: Option<&String>, timed: bool, at: DateTime<Utc>, tz: &Tz) -> String {
        let Some(s) = rfc3339 else {
            return "-".to_string();
        };
        match DateTime::parse_from_rfc3339(s) {
            Ok(t) if t.with_timezone(&Utc) <= at => "now".to_string(),
            Ok(t) => {
                let local = t.with_timezone(tz);
                if !timed || local.format("%H:%M").to_string() == "00:00" {
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
                printable(&name),
                s.stage.to_string(),
                s.level.as_str().replace('_', " "),
                next,
                // A wait's moment as the card names it (a weekend's end: the Monday).
                match (s.next_step, &s.step.at) {
                    (NextStep::Wait, Some(when)) => short(Some(when), s.step.timed, at, tz),
                    _ => short(s.from.as_ref(), true, at, tz),
                },
                printable(&too_soon::english::summary(
                    &serde_json::to_value(s).unwrap_or_default(),
                )),
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

#[cfg(all(test, not(target_arch = "wasm32")))]
mod tests {
    use super::cli;

    /// A bad value is echoed in clap's error: on a terminal it printed a page's escape
    /// sequences and direction marks raw (a title set, text reordered).
    #[test]
    fn usage_errors_show_a_bad_value_escaped() {
        for bad in [
            "a\u{1b}]0;pwned\u{7}b@x.example",
            "a\u{202e}moc.x@b",
            "a\rb\u{8}c",
        ] {
            let args = [
                "too-soon", "check", "--data", "x.json", "--to", bad, "--at", bad,
            ];
            let Err(cli::Failure::Usage(error)) = cli::run(args.map(Into::into)) else {
                panic!("{bad:?} accepted");
            };
            let text = cli::usage_text(&error);
            assert!(text.contains("invalid value"), "{text}");
            assert!(
                !text.chars().any(|c| c != '\n' && cli::unsafe_char(c)),
                "{text:?}"
            );
        }
    }
}
