//! `rulecard site`: a folder of linked, self-contained pages, written all or nothing.

use crate::common::{ok, run, stderr};
use std::collections::BTreeMap;
use std::path::Path;

/// Every file of the folder, by relative path.
fn files(dir: &Path) -> BTreeMap<String, Vec<u8>> {
    let mut out = BTreeMap::new();
    let mut stack = vec![dir.to_path_buf()];
    while let Some(d) = stack.pop() {
        for e in std::fs::read_dir(&d).unwrap() {
            let p = e.unwrap().path();
            if p.is_dir() {
                stack.push(p);
            } else {
                let rel = p
                    .strip_prefix(dir)
                    .unwrap()
                    .to_string_lossy()
                    .replace('\\', "/");
                out.insert(rel, std::fs::read(&p).unwrap());
            }
        }
    }
    out
}

#[test]
fn a_site_of_linked_self_contained_pages() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path().join("monitor");
    ok(&["site", "-o", dir.to_str().unwrap()]);
    let site = files(&dir);
    let paths: Vec<&str> = site.keys().map(String::as_str).collect();
    insta::assert_snapshot!("site_files", paths.join("\n"));

    let report: serde_json::Value =
        serde_json::from_str(&ok(&["scorecard", "--format", "json"])).unwrap();
    for p in report["profiles"].as_array().unwrap() {
        assert!(site.contains_key(&format!("profiles/{}.html", p["id"].as_str().unwrap())));
    }
    for r in report["rulebook"]["rules"].as_array().unwrap() {
        assert!(site.contains_key(&format!("rules/{}.html", r["id"].as_str().unwrap())));
    }
    // Every relative link resolves to a page of the site, and to an anchor on it.
    for (path, bytes) in &site {
        if !path.ends_with(".html") {
            continue;
        }
        let html = String::from_utf8(bytes.clone()).unwrap();
        for tag in ["<script", "<link", "<img", "<iframe", " src="] {
            assert!(!html.contains(tag), "{path} holds {tag}");
        }
        let dir_of = path.rsplit_once('/').map_or("", |(d, _)| d);
        for href in html
            .split("href=\"")
            .skip(1)
            .filter_map(|s| s.split('"').next())
        {
            if href.starts_with("https:") || href.starts_with("http:") {
                continue;
            }
            let (file, anchor) = href.split_once('#').unwrap_or((href, ""));
            let target = if file.is_empty() {
                path.clone()
            } else if let Some(rest) = file.strip_prefix("../") {
                rest.to_string()
            } else if dir_of.is_empty() {
                file.to_string()
            } else {
                format!("{dir_of}/{file}")
            };
            let page = site
                .get(&target)
                .unwrap_or_else(|| panic!("{path}: {href} resolves to no page"));
            if !anchor.is_empty() {
                let page = String::from_utf8_lossy(page);
                assert!(
                    page.contains(&format!("id=\"{anchor}\"")),
                    "{path}: {href}: no such anchor"
                );
            }
        }
    }
    // A rule's page: its recommendation and every profile's verdict.
    let rule = String::from_utf8(site["rules/hrv-restrictions.html"].clone()).unwrap();
    insta::assert_snapshot!("site_rule_page", rule);
    // A profile's page: its timeline and its findings.
    let serbia = String::from_utf8(site["profiles/RS.html"].clone()).unwrap();
    assert!(serbia.contains("<svg class=\"timeline\""));
    assert!(serbia.contains("id=\"RS-hrv-restrictions\""));
    assert!(
        !serbia.contains("id=\"AL-hrv-restrictions\""),
        "one profile per page"
    );

    // Deterministic, and a second run replaces the folder it wrote.
    ok(&["site", "-o", dir.to_str().unwrap()]);
    assert_eq!(files(&dir), site, "byte-identical on a second run");
}

#[test]
fn a_foreign_folder_or_a_file_is_never_replaced() {
    let tmp = tempfile::tempdir().unwrap();
    let foreign = tmp.path().join("notes");
    std::fs::create_dir(&foreign).unwrap();
    std::fs::write(foreign.join("mine.txt"), "keep me").unwrap();
    let o = run(&["site", "-o", foreign.to_str().unwrap()]);
    assert_eq!(o.status.code(), Some(2));
    assert!(
        stderr(&o).contains("was not written by rulecard"),
        "{}",
        stderr(&o)
    );
    assert!(stderr(&o).contains("help: choose a new folder"));
    assert_eq!(
        std::fs::read_to_string(foreign.join("mine.txt")).unwrap(),
        "keep me"
    );
    assert_eq!(files(&foreign).len(), 1, "nothing added");

    let file = tmp.path().join("page.html");
    std::fs::write(&file, "x").unwrap();
    let o = run(&["site", "-o", file.to_str().unwrap()]);
    assert_eq!(o.status.code(), Some(2));
    assert!(stderr(&o).contains("is not a folder"));
    assert_eq!(std::fs::read_to_string(&file).unwrap(), "x");

    // A bad input writes nothing at all.
    let fresh = tmp.path().join("fresh");
    let o = run(&[
        "site",
        "--as-of",
        "not-a-day",
        "-o",
        fresh.to_str().unwrap(),
    ]);
    assert_eq!(o.status.code(), Some(2));
    assert!(!fresh.exists());
    let leftovers: Vec<_> = std::fs::read_dir(tmp.path())
        .unwrap()
        .flatten()
        .filter(|e| e.file_name().to_string_lossy().starts_with(".rulecard"))
        .collect();
    assert!(leftovers.is_empty(), "no temporary folder left behind");
}
