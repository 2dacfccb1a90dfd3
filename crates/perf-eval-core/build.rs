//! The built-in rule profiles are the files of `indicators/`: this lists them, so that adding a
//! province's profile is adding its file. The default profile comes first, the others by name.

use std::fmt::Write;
use std::path::Path;

const DEFAULT: &str = "mof-2020";

fn main() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("indicators");
    println!("cargo::rerun-if-changed={}", dir.display());
    let mut names: Vec<String> = std::fs::read_dir(&dir)
        .expect("indicators/ is readable")
        .map(|entry| entry.expect("indicators/ is readable").path())
        .filter(|path| path.extension().is_some_and(|e| e == "toml"))
        .map(|path| {
            let name = path.file_stem().expect("a file name").to_string_lossy();
            assert!(
                name.bytes()
                    .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-'),
                "profile file names are lower-case ASCII, digits and hyphens: {name}"
            );
            name.into_owned()
        })
        .collect();
    names.sort_by_key(|name| (name != DEFAULT, name.clone()));
    assert_eq!(names.first().map(String::as_str), Some(DEFAULT));
    let mut list = String::from("&[\n");
    for name in &names {
        let path = dir.join(format!("{name}.toml"));
        writeln!(list, "    ({name:?}, include_str!({:?})),", path.display()).unwrap();
    }
    list.push(']');
    let out = Path::new(&std::env::var("OUT_DIR").expect("cargo sets OUT_DIR")).join("builtin.rs");
    std::fs::write(out, list).expect("OUT_DIR is writable");
}
