//! Prints `extension/shared/contract.js` (what the extension's JavaScript shares with the
//! engine, see crate/src/contract.rs): `build.sh` writes the file with it.

fn main() {
    print!("{}", too_soon::contract::javascript());
}
