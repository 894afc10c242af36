//! A realistic history for the size test and the benchmark, made through the same
//! messages as the extension (the popup's ids `o-1b9d6bcd-bbfd`, a webmail's sends
//! `send-<uuid>`, replies `reply-<ms>-<hash>`), with people's names and addresses at
//! each company's domain: what a year of job search really stores.

use chrono::{DateTime, Duration, FixedOffset, TimeZone, Utc};
use serde_json::{json, Value};

use crate::model::Data;
use crate::protocol;
use crate::storage::{Dump, Stored};

/// A small deterministic generator (xorshift).
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        self.0
    }

    fn below(&mut self, n: u64) -> u64 {
        self.next() % n.max(1)
    }

    fn pick<'a>(&mut self, items: &[&'a str]) -> &'a str {
        items[self.below(items.len() as u64) as usize]
    }

    fn hex(&mut self, n: usize) -> String {
        (0..n)
            .map(|_| char::from(b"0123456789abcdef"[self.below(16) as usize]))
            .collect()
    }

    fn uuid(&mut self) -> String {
        format!(
            "{}-{}-4{}-{}-{}",
            self.hex(8),
            self.hex(4),
            self.hex(3),
            self.hex(4),
            self.hex(12)
        )
    }
}

const FIRST: [&str; 16] = [
    "Dana",
    "Sam",
    "Alex",
    "Maria",
    "J\u{fc}rgen",
    "Priya",
    "Chen",
    "Olivia",
    "Noah",
    "Fatima",
    "Lukas",
    "Emma",
    "Mateo",
    "Aisha",
    "Kenji",
    "Sofia",
];
const LAST: [&str; 14] = [
    "Miller",
    "Okafor",
    "Schmidt",
    "Nguyen",
    "Garc\u{ed}a",
    "Johansson",
    "Patel",
    "Kowalski",
    "Rossi",
    "Dubois",
    "Kim",
    "Andersen",
    "O'Brien",
    "Haddad",
];
const COMPANIES: [&str; 12] = [
    "Acme Robotics",
    "Globex Corporation",
    "Initech",
    "Umbrella Health",
    "Stark Industries",
    "Wayne Enterprises",
    "Hooli",
    "Pied Piper",
    "Vandelay Industries",
    "Soylent Foods",
    "Tyrell Systems",
    "Cyberdyne Labs",
];
const ROLES: [&str; 6] = [
    "Senior Backend Engineer",
    "Product Designer",
    "Data Analyst",
    "Engineering Manager",
    "Site Reliability Engineer",
    "Technical Writer",
];

/// Sends `message` at `now` to the history `stored` (in `dump`) and stores its writes.
fn send(
    stored: &mut Stored,
    dump: &mut Dump,
    message: Value,
    now: DateTime<Utc>,
    tz: &FixedOffset,
) {
    let outcome = protocol::respond(stored, message, now, tz);
    let Some(writes) = outcome.writes else {
        return;
    };
    for (k, v) in &writes.set {
        dump.insert(k.clone(), v.clone());
    }
    for k in &writes.remove {
        dump.remove(k);
    }
    if !stored.apply(&writes) {
        *stored = Stored::load(dump);
    }
}

/// `opportunities` open opportunities with three people and twenty events each, over a
/// year from January 2026, in New York's winter offset.
pub fn realistic(opportunities: usize, seed: u64) -> Data {
    let Some(tz) = FixedOffset::west_opt(5 * 3600) else {
        return Data::default();
    };
    let mut rng = Rng(seed | 1);
    let mut dump = Dump::new();
    let mut stored = Stored::load(&dump);
    let start = Utc
        .with_ymd_and_hms(2026, 1, 5, 14, 0, 0)
        .single()
        .unwrap_or_default();
    for i in 0..opportunities {
        let company = COMPANIES[i % COMPANIES.len()];
        let domain = format!(
            "{}.example",
            company.split(' ').next().unwrap_or("acme").to_lowercase()
        );
        let opportunity = format!("o-{}", &rng.uuid()[..13]);
        let mut now = start + Duration::hours(rng.below(24 * 200) as i64);
        let mut contacts = Vec::new();
        let mut addresses = Vec::new();
        let mut changes = vec![json!({"v": 1, "type": "put_opportunity", "opportunity": {
            "id": opportunity, "company": company, "role": rng.pick(&ROLES), "stage": "interviewing"}})];
        for role in ["hiring_manager", "recruiter", "interviewer"] {
            let (first, mut last) = (rng.pick(&FIRST), rng.pick(&LAST));
            let address_of = |last: &str| {
                format!(
                    "{}.{}@{domain}",
                    first.to_lowercase(),
                    last.to_lowercase().replace('\'', "")
                )
            };
            while addresses.contains(&address_of(last)) {
                last = rng.pick(&LAST);
            }
            let id = format!("c-{}", &rng.uuid()[..13]);
            let address = address_of(last);
            changes.push(json!({"v": 1, "type": "put_contact", "contact": {
                "id": id, "opportunity": opportunity, "name": format!("{first} {last}"),
                "role": role, "addresses": [address]}}));
            contacts.push(id);
            addresses.push(address);
        }
        changes.push(json!({"v": 1, "type": "log_event", "event": {
            "id": format!("e-{}", &rng.uuid()[..13]), "opportunity": opportunity,
            "kind": "application", "at": now.with_timezone(&tz).to_rfc3339()}}));
        send(
            &mut stored,
            &mut dump,
            json!({"v": 1, "type": "batch", "changes": changes}),
            now,
            &tz,
        );
        for k in 1..20 {
            now += Duration::minutes(60 + rng.below(60 * 24 * 4) as i64)
                + Duration::seconds(rng.below(60) as i64);
            let who = rng.below(3) as usize;
            let message = match k % 6 {
                1 | 4 => json!({"v": 1, "type": "log_send", "send": {
                    "id": format!("send-{}", rng.uuid()), "to": [addresses[who]]}}),
                2 | 5 => json!({"v": 1, "type": "log_reply", "reply": {
                    "id": format!("reply-{}-{}", crate::sync::stamp::to_base36(now.timestamp_millis() as u64),
                        crate::sync::stamp::to_base36(rng.below(1 << 32))),
                    "from": addresses[who]}}),
                3 => json!({"v": 1, "type": "log_event", "event": {
                    "id": format!("e-{}", &rng.uuid()[..13]), "opportunity": opportunity,
                    "kind": "interview", "at": now.with_timezone(&tz).to_rfc3339(),
                    "contacts": [contacts[2], contacts[who % 2]]}}),
                _ => json!({"v": 1, "type": "log_event", "event": {
                    "id": format!("e-{}", &rng.uuid()[..13]), "opportunity": opportunity,
                    "kind": "call_attempt", "at": now.with_timezone(&tz).to_rfc3339(),
                    "contacts": [contacts[who]]}}),
            };
            send(&mut stored, &mut dump, message, now, &tz);
        }
    }
    Stored::load(&dump).data.unwrap_or_default()
}

/// [`realistic`]`(opportunities, seed)` and the replica one computer holds of it after
/// its first sync step: what the size test and the benchmark pack for storage.sync.
pub fn realistic_replica(opportunities: usize, seed: u64) -> (Data, super::Replica) {
    let data = realistic(opportunities, seed);
    let step = super::step(
        super::Replica::default(),
        &data,
        &super::Replica::default(),
        "k3j9x2pq",
        1_790_000_000_000,
        false,
    );
    (data, step.replica)
}
