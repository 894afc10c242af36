//! Sync's merge, on random change sequences: two or three computers change their
//! histories through the same messages as the extension, with clocks skewed by hours,
//! and exchange their packed replicas in random orders, partly, late and twice; every
//! history they hold loads, concurrent edits never lose an event, and once everything
//! is delivered they hold identical histories. The merge itself is commutative,
//! associative and idempotent.
#![cfg(not(target_arch = "wasm32"))]

mod common;

use std::collections::{BTreeMap, BTreeSet};

use chrono::{DateTime, Duration, Utc};
use chrono_tz::America::New_York;
use proptest::prelude::*;
use serde_json::{json, Value};
use too_soon::format;
use too_soon::model::Data;
use too_soon::protocol;
use too_soon::storage::{Dump, Stored};
use too_soon::sync::{self, Item, Replica, Session};

use common::apply;

const COMPANIES: [&str; 4] = ["Acme", "Globex", "Initech", "Hooli"];
const ADDRESSES: [&str; 4] = [
    "dana@acme.example",
    "sam@acme.example",
    "Dana@ACME.example",
    "riley@acme.example",
];
const KINDS: [&str; 6] = [
    "application",
    "interview",
    "thank_you",
    "follow_up",
    "reply",
    "call_attempt",
];

fn start() -> DateTime<Utc> {
    DateTime::parse_from_rfc3339("2026-11-02T14:00:00Z")
        .unwrap()
        .to_utc()
}

/// One computer with the extension.
struct Computer {
    device: String,
    /// How far its clock is off.
    skew: Duration,
    dump: Dump,
    /// The replica of its last sync step.
    base: Replica,
    /// A delete-all or replace-restore made here and not synced yet.
    epoch_due: bool,
    made: usize,
    /// The background's session (kept between steps, made again from the kept items
    /// now and then, as after a restart), the items it keeps here, and the keys written
    /// since its last step.
    session: Option<Session>,
    kept: BTreeMap<String, String>,
    dirty: Vec<String>,
    steps: usize,
}

impl Computer {
    fn new(i: usize, skew_minutes: i64) -> Computer {
        Computer {
            device: format!("dev{i}"),
            skew: Duration::minutes(skew_minutes),
            dump: common::dump(
                json!({ "schema": { "version": too_soon::storage::SCHEMA_VERSION } }),
            ),
            base: Replica::default(),
            epoch_due: false,
            made: 0,
            session: None,
            kept: BTreeMap::new(),
            dirty: Vec::new(),
            steps: 0,
        }
    }

    fn data(&self) -> Data {
        let stored = Stored::load(&self.dump);
        match stored.data {
            Ok(data) => data,
            Err(p) => panic!("{} does not load: {p}", self.device),
        }
    }

    fn id(&mut self, prefix: &str) -> String {
        self.made += 1;
        format!("{prefix}-{}-{}", self.device, self.made)
    }

    /// Sends a message as a page of the extension would; true when it was stored.
    fn send(&mut self, message: Value, now: DateTime<Utc>) -> bool {
        let stored = Stored::load(&self.dump);
        let outcome = protocol::respond(&stored, message, now + self.skew, &New_York);
        let ok = serde_json::to_value(&outcome.answer).unwrap()["ok"] == json!(true);
        if let Some(writes) = outcome.writes {
            self.wrote(&writes);
            apply(&mut self.dump, &writes);
        }
        ok
    }

    fn wrote(&mut self, writes: &too_soon::storage::Writes) {
        self.dirty.extend(writes.set.keys().cloned());
        self.dirty.extend(writes.remove.iter().cloned());
    }

    /// The background's step (a session told the keys written since its last step)
    /// gives what the full step gives: the same replica, the same local history, and
    /// the items it keeps change as the replica does.
    fn session_step(&mut self, remote: &Replica, step: &sync::Step, now: DateTime<Utc>) {
        self.steps += 1;
        let local = self.data();
        if self.steps % 4 == 0 {
            self.session = None; // the service worker stopped
        }
        let kept = &self.kept;
        let session = self.session.get_or_insert_with(|| {
            let read = sync::unpack(kept.iter().map(|(k, t)| (k.as_str(), t.as_str())));
            assert!(read.problems.is_empty(), "{}", read.problems);
            Session::new(read.replica)
        });
        let mut dump = self.dump.clone();
        let stored = Stored::load(&dump);
        let (writes, touched) = session.step(
            &local,
            Some(&self.dirty),
            remote,
            &self.device,
            now.timestamp_millis() as u64,
            self.epoch_due,
        );
        assert_eq!(*session.replica(), step.replica, "the session's replica");
        let writes = sync::plan(&stored, writes, now, &New_York).expect("writable");
        apply(&mut dump, &writes);
        let data = |dump: &Dump| sorted(Stored::load(dump).data.expect("loads"));
        assert_eq!(data(&dump), sorted(sync::materialize(&step.replica)));
        let (set, gone) = session.changed_items(&touched);
        for key in gone {
            self.kept.remove(&key);
        }
        self.kept.extend(set.into_iter().map(|i| (i.key, i.text)));
        let all: BTreeMap<String, String> = session
            .items()
            .into_iter()
            .map(|i| (i.key, i.text))
            .collect();
        assert_eq!(self.kept, all, "the items kept follow the replica");
        // What it packs for storage.sync (again only where groups changed) is what the
        // replica packs into.
        for (closed, max_text) in [(usize::MAX, sync::ITEM_TEXT), (1, 1_000), (0, 1_000)] {
            assert_eq!(
                session.packed(closed, max_text),
                sync::packed(&step.replica, closed, max_text),
                "packed with {closed} closed kept, cut at {max_text}"
            );
        }
        self.dirty.clear();
    }

    /// One sync step over the items `remote` (what this computer's storage.sync holds).
    fn sync(&mut self, remote: &[Item], now: DateTime<Utc>) -> Vec<Item> {
        let now = now + self.skew;
        let unpacked = sync::unpack(remote.iter().map(|i| (i.key.as_str(), i.text.as_str())));
        assert!(unpacked.problems.is_empty(), "{}", unpacked.problems);
        let local = self.data();
        let step = sync::step(
            self.base.clone(),
            &local,
            &unpacked.replica,
            &self.device,
            now.timestamp_millis() as u64,
            self.epoch_due,
        );
        self.session_step(&unpacked.replica, &step, now);
        let stored = Stored::load(&self.dump);
        let writes = sync::plan(&stored, step.writes.clone(), now, &New_York).expect("writable");
        self.wrote(&writes);
        apply(&mut self.dump, &writes);
        // The normal loader reads what the step wrote, and it is the merged history.
        assert_eq!(
            sorted(self.data()),
            sorted(sync::materialize(&step.replica))
        );
        self.epoch_due = false;
        let items = sync::packed(&step.replica, usize::MAX, sync::ITEM_TEXT);
        // What is kept as the last history synced is the packed replica read back.
        let read = sync::unpack(items.iter().map(|i| (i.key.as_str(), i.text.as_str())));
        assert!(read.problems.is_empty(), "{}", read.problems);
        self.base = read.replica;
        assert_eq!(self.base, step.replica, "the packed replica reads back");
        items
    }
}

fn sorted(mut data: Data) -> Data {
    data.opportunities.sort_by(|a, b| a.id.cmp(&b.id));
    data.contacts.sort_by(|a, b| a.id.cmp(&b.id));
    data.events.sort_by(|a, b| a.id.cmp(&b.id));
    data
}

/// One step of a scenario: (computer, what, a, b).
type Op = (usize, u8, usize, usize);

fn ops(computers: usize) -> impl Strategy<Value = Vec<Op>> {
    prop::collection::vec((0..computers, 0u8..12, 0usize..64, 0usize..64), 10..60)
}

/// What the scenario did that may remove events.
#[derive(Default)]
struct Deleted {
    opportunities: BTreeSet<String>,
    events: BTreeSet<String>,
    everything: bool,
}

/// Runs `ops` on computers with clocks off by `skews` (minutes); the network holds every
/// set of items ever published.
fn run(skews: &[i64], ops: &[Op]) -> (Vec<Computer>, Vec<Vec<Item>>, BTreeSet<String>, Deleted) {
    let mut computers: Vec<Computer> = skews
        .iter()
        .enumerate()
        .map(|(i, s)| Computer::new(i, *s))
        .collect();
    let mut network: Vec<Vec<Item>> = Vec::new();
    let mut logged = BTreeSet::new();
    let mut deleted = Deleted::default();
    let mut now = start();
    for &(c, what, a, b) in ops {
        now += Duration::minutes(7);
        let data = computers[c].data();
        let me = &mut computers[c];
        let pick = |n: usize| (n > 0).then_some(a % n.max(1));
        match what {
            0 => {
                let id = me.id("o");
                me.send(
                    json!({"v": 1, "type": "put_opportunity", "opportunity":
                        {"id": id, "company": COMPANIES[b % 4], "stage": if b % 5 == 0 {"closed"} else {"applied"}}}),
                    now,
                );
            }
            1 => {
                if let Some(i) = pick(data.opportunities.len()) {
                    let mut o = serde_json::to_value(&data.opportunities[i]).unwrap();
                    o["company"] = json!(COMPANIES[b % 4]);
                    o["role"] = json!(format!("Role {b}"));
                    me.send(
                        json!({"v": 1, "type": "put_opportunity", "opportunity": o}),
                        now,
                    );
                }
            }
            2 => {
                if let Some(i) = pick(data.opportunities.len()) {
                    let id = me.id("c");
                    me.send(
                        json!({"v": 1, "type": "put_contact", "contact": {"id": id,
                            "opportunity": data.opportunities[i].id, "name": format!("Person {b}"),
                            "addresses": [ADDRESSES[b % 4]]}}),
                        now,
                    );
                }
            }
            3 => {
                if let Some(i) = pick(data.contacts.len()) {
                    let mut contact = serde_json::to_value(&data.contacts[i]).unwrap();
                    contact["addresses"] = json!([ADDRESSES[b % 4], ADDRESSES[(b / 4) % 4]]);
                    contact["name"] = json!(format!("Renamed {b}"));
                    me.send(
                        json!({"v": 1, "type": "put_contact", "contact": contact}),
                        now,
                    );
                }
            }
            4 | 5 => {
                if let Some(i) = pick(data.opportunities.len()) {
                    let o = &data.opportunities[i].id;
                    let contacts: Vec<&String> = data
                        .contacts
                        .iter()
                        .filter(|c| &c.opportunity == o)
                        .map(|c| &c.id)
                        .enumerate()
                        .filter(|(k, _)| b & (1 << k) != 0)
                        .map(|(_, id)| id)
                        .collect();
                    let id = me.id("e");
                    let at = (now - Duration::hours((b % 48) as i64)).to_rfc3339();
                    let ok = me.send(
                        json!({"v": 1, "type": "log_event", "event": {"id": id, "opportunity": o,
                            "kind": KINDS[b % 6], "at": at, "contacts": contacts}}),
                        now,
                    );
                    if ok {
                        logged.insert(id);
                    }
                }
            }
            6 => {
                let kinds = [
                    (
                        "opportunity",
                        data.opportunities
                            .iter()
                            .map(|o| o.id.clone())
                            .collect::<Vec<_>>(),
                    ),
                    (
                        "contact",
                        data.contacts.iter().map(|c| c.id.clone()).collect(),
                    ),
                    ("event", data.events.iter().map(|e| e.id.clone()).collect()),
                ];
                let (kind, ids) = &kinds[b % 3];
                if let Some(i) = pick(ids.len()) {
                    if me.send(
                        json!({"v": 1, "type": "delete", "kind": kind, "id": ids[i]}),
                        now,
                    ) {
                        match *kind {
                            "opportunity" => deleted.opportunities.insert(ids[i].clone()),
                            "event" => deleted.events.insert(ids[i].clone()),
                            _ => false,
                        };
                    }
                }
            }
            7 => {
                let profile = ["gentle", "balanced", "persistent"][b % 3];
                me.send(
                    json!({"v": 1, "type": "put_settings", "settings": {"profile": profile, "ask_before_send": b % 2 == 0}}),
                    now,
                );
            }
            8 if b % 6 == 0 => {
                // Delete everything, or restore another computer's history with "replace".
                if a % 2 == 0 {
                    me.send(json!({"v": 1, "type": "delete_all"}), now);
                } else {
                    let file = format::to_json(&data);
                    me.send(
                        json!({"v": 1, "type": "import", "mode": "replace", "file": file}),
                        now,
                    );
                }
                me.epoch_due = true;
                deleted.everything = true;
            }
            _ => {
                // A sync: some of what was published (maybe old, maybe seen already), or
                // nothing new; then this computer publishes its own.
                let mut remote = Vec::new();
                if !network.is_empty() {
                    let sent = &network[a % network.len()];
                    remote.extend(
                        sent.iter()
                            .enumerate()
                            .filter(|(k, _)| b % 4 == 0 || (k + b) % 3 != 0)
                            .map(|(_, i)| i.clone()),
                    );
                    if b % 5 == 0 {
                        remote.extend(network[(a / 2) % network.len()].iter().cloned());
                    }
                }
                let items = me.sync(&remote, now);
                network.push(items);
            }
        }
    }
    (computers, network, logged, deleted)
}

/// Delivers everything to everyone until nothing changes; the histories held.
fn converge(computers: &mut [Computer], now: DateTime<Utc>) {
    for round in 0..3 {
        let published: Vec<Vec<Item>> = computers
            .iter_mut()
            .map(|c| c.sync(&[], now + Duration::minutes(round)))
            .collect();
        let all: Vec<Item> = published.into_iter().flatten().collect();
        for c in computers.iter_mut() {
            c.sync(&all, now + Duration::minutes(round));
        }
    }
}

fn config() -> ProptestConfig {
    ProptestConfig {
        cases: std::env::var("SYNC_CASES")
            .ok()
            .and_then(|n| n.parse().ok())
            .unwrap_or(1000),
        ..ProptestConfig::default()
    }
}

proptest! {
    #![proptest_config(config())]

    #[test]
    fn replicas_that_saw_the_same_changes_hold_identical_histories(
        skews in prop::collection::vec(-360i64..360, 2..=3),
        ops in ops(3),
    ) {
        let ops: Vec<Op> = ops.into_iter().map(|(c, w, a, b)| (c % skews.len(), w, a, b)).collect();
        let (mut computers, _, logged, deleted) = run(&skews, &ops);
        converge(&mut computers, start() + Duration::days(1));
        let first = sorted(computers[0].data());
        for c in &computers[1..] {
            prop_assert_eq!(&c.base, &computers[0].base);
            prop_assert_eq!(sorted(c.data()), first.clone());
        }
        // Every result reads as a backup file too.
        prop_assert!(format::parse(&format::to_json(&first)).is_ok());
        // No event is lost that nobody deleted.
        if !deleted.everything {
            let held: BTreeSet<&str> = first.events.iter().map(|e| e.id.as_str()).collect();
            for id in &logged {
                let opportunity = ops_event_opportunity(&computers, id);
                if deleted.events.contains(id) || opportunity.is_none_or(|o| deleted.opportunities.contains(&o)) {
                    continue;
                }
                prop_assert!(held.contains(id.as_str()), "event {} was lost", id);
            }
        }
    }

    #[test]
    fn the_merge_is_commutative_associative_and_idempotent(
        skews in prop::collection::vec(-360i64..360, 3..=3),
        ops in ops(3),
    ) {
        let (computers, _, _, _) = run(&skews, &ops);
        let [a, b, c] = [&computers[0].base, &computers[1].base, &computers[2].base];
        let join = |x: &Replica, y: &Replica| {
            let mut out = x.clone();
            out.merge(y);
            out
        };
        prop_assert_eq!(join(a, b), join(b, a));
        prop_assert_eq!(join(&join(a, b), c), join(a, &join(b, c)));
        prop_assert_eq!(join(a, a), a.clone());
        prop_assert_eq!(join(&join(a, b), b), join(a, b));
        // Every merge result loads.
        for merged in [join(a, b), join(&join(a, b), c)] {
            let data = sync::materialize(&merged);
            prop_assert!(format::check_refs(&data).is_empty(), "{}", format::check_refs(&data));
        }
    }
}

/// The opportunity an event was logged to, from any computer's replica (tombstones
/// keep it).
fn ops_event_opportunity(computers: &[Computer], id: &str) -> Option<String> {
    computers
        .iter()
        .find_map(|c| c.base.get(&format!("event:{id}")).map(|v| v.group.clone()))
}
