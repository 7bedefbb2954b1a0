//! The shipped rulebooks and fixtures are compiled into the library (`include_dir!`), which
//! cargo does not track: rebuild when anything under `rules/` or `fixtures/` changes.

fn main() {
    println!("cargo:rerun-if-changed=rules");
    println!("cargo:rerun-if-changed=fixtures");
    println!("cargo:rerun-if-changed=build.rs");
}
