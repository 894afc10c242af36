//! The benchmark workload (`too_soon::fixtures`), callable from JavaScript so that
//! `tests/bench/wasm-vs-native.js` can time it in a browser; built only with `--features bench`.

use std::cell::RefCell;

use wasm_bindgen::prelude::*;

use super::BrowserZone;
use crate::model::Data;
use crate::{fixtures, policy};

thread_local! {
    static PREPARED: RefCell<(Data, policy::Query)> = RefCell::new((Data::default(), fixtures::check_query(&Data::default())));
}

/// Builds a synthetic history of this size to run the workload on.
#[wasm_bindgen(js_name = benchPrepare)]
pub fn bench_prepare(opportunities: usize, events: usize) {
    let data = fixtures::synthetic(opportunities, events);
    let query = fixtures::check_query(&data);
    PREPARED.with(|p| *p.borrow_mut() = (data, query));
}

/// One `check` of the prepared query; returns whether it gave a verdict.
#[wasm_bindgen(js_name = benchCheck)]
pub fn bench_check() -> bool {
    PREPARED.with(|p| {
        let (data, query) = &*p.borrow();
        policy::check(data, query, &BrowserZone).is_some()
    })
}

/// One `status` over the prepared history; returns how many opportunities it covered.
#[wasm_bindgen(js_name = benchStatus)]
pub fn bench_status() -> usize {
    PREPARED.with(|p| {
        let (data, _) = &*p.borrow();
        policy::status(data, fixtures::moment(data), &BrowserZone).len()
    })
}
