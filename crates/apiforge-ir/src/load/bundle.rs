//! Specs split over several files: `$ref: definitions.yaml#/Pet`, relative
//! to the file it is in. Every file referred to (YAML or JSON, nested, with
//! cycles) is read once and placed under the root extension [`FILES`], and
//! each reference rewritten to point there; the repairs that follow hoist
//! what is used into `components`, as for any `$ref` into the document.
//! Remote references (`https://...`) are refused with the reason.

use std::path::{Path, PathBuf};

use serde_json::{Map, Value};

use crate::diagnostic::{pointer_push, Diagnostic};

/// The root extension the referred files are placed under, each by a key
/// made from its name.
pub const FILES: &str = "x-apiforge-files";

/// Whether a spec's text has a `$ref` to something other than a place in
/// itself (`#...`): a quick look at the text before it is parsed, so that
/// single-file specs take no extra pass.
pub fn refers_to_files(text: &str) -> bool {
    text.match_indices("$ref").any(|(at, _)| {
        let value = text[at + 4..].trim_start_matches(['"', '\'']).trim_start();
        let Some(value) = value.strip_prefix(':') else { return false };
        let value = value.trim_start().trim_start_matches(['"', '\'']);
        !value.starts_with('#') && !value.is_empty()
    })
}

/// One file read into the bundle.
struct File {
    path: PathBuf,
    key: String,
}

/// A reference into a file, to check once every file is read.
struct Pending {
    /// The file and the place in it where the `$ref` is written.
    from: PathBuf,
    at: String,
    file: usize,
    fragment: String,
}

/// Reads every file `document` (the spec at `path`) refers to, transitively,
/// into it; returns every file read, `path` first.
pub fn bundle(path: &Path, document: &mut Value) -> Result<Vec<PathBuf>, Diagnostic> {
    let root =
        path.canonicalize().map_err(|e| Diagnostic::document(format!("cannot read the spec: {e}")).in_file(path))?;
    let mut files = vec![File { path: root.clone(), key: String::new() }];
    let mut contents: Vec<Value> = Vec::new();
    let mut pending = Vec::new();
    rewrite(document, 0, &mut files, &mut pending)?;
    // Files found while rewriting others are read in turn.
    let mut next = 1;
    while next < files.len() {
        let path = files[next].path.clone();
        let text = std::fs::read_to_string(&path).map_err(|e| {
            Diagnostic::document(format!("cannot read the file: {e}")).with_help("check the `$ref`").in_file(&path)
        })?;
        let mut value = super::parse_value(&text).map_err(|d| d.in_file(&path))?;
        rewrite(&mut value, next, &mut files, &mut pending)?;
        contents.push(value);
        next += 1;
    }
    for reference in &pending {
        let target = if reference.file == 0 { &*document } else { &contents[reference.file - 1] };
        let fragment = crate::repair::percent_decode(&reference.fragment);
        if target.pointer(&fragment).is_none() {
            let file = files[reference.file].path.display();
            return Err(Diagnostic::at(
                format!("#{}", reference.at),
                format!("`$ref` names `{fragment}` in {file}, which has nothing there"),
            )
            .with_help("check the pointer after `#`")
            .in_file(&reference.from));
        }
    }
    if let (Value::Object(root), false) = (&mut *document, contents.is_empty()) {
        let bundled: Map<String, Value> = files.iter().skip(1).map(|file| file.key.clone()).zip(contents).collect();
        root.insert(FILES.into(), Value::Object(bundled));
    }
    Ok(files.into_iter().map(|file| file.path).collect())
}

/// Points every `$ref` in `value`, the contents of `files[current]`, into the
/// bundle, adding the files it names to `files`.
fn rewrite(
    value: &mut Value,
    current: usize,
    files: &mut Vec<File>,
    pending: &mut Vec<Pending>,
) -> Result<(), Diagnostic> {
    let mut found = Vec::new();
    collect(value, "", false, &mut found);
    for (at, reference) in found {
        let from = files[current].path.clone();
        let located = |message: String| Diagnostic::at(format!("#{at}"), message).in_file(&from);
        let (file_part, fragment) = reference.split_once('#').unwrap_or((reference.as_str(), ""));
        if file_part.contains("://") || file_part.starts_with("//") {
            return Err(located(format!("`$ref: {reference}` names a remote document, which apiforge does not fetch"))
                .with_help("download it beside the spec and refer to it by a relative path"));
        }
        let file = if file_part.is_empty() {
            current
        } else {
            let dir = from.parent().unwrap_or(Path::new("."));
            let path = dir.join(file_part).canonicalize().map_err(|e| {
                located(format!("`$ref: {reference}` names a file that cannot be read ({e})"))
                    .with_help("check the path, which is relative to the file the `$ref` is in")
            })?;
            match files.iter().position(|f| f.path == path) {
                Some(known) => known,
                None => {
                    let key = unique_key(files, &path);
                    files.push(File { path, key });
                    files.len() - 1
                }
            }
        };
        pending.push(Pending { from: from.clone(), at: at.clone(), file, fragment: fragment.to_string() });
        let bundled = match file {
            0 => format!("#{fragment}"),
            _ => format!("#{}{fragment}", pointer_push(&format!("/{FILES}"), &files[file].key)),
        };
        if let Some(Value::Object(holder)) = value.pointer_mut(&at) {
            holder.insert("$ref".into(), Value::String(bundled));
        }
    }
    Ok(())
}

/// A key for a file: its name without extension (`pet` for `pet.yaml`),
/// numbered when another file has it.
fn unique_key(files: &[File], path: &Path) -> String {
    let stem = path.file_stem().map(|s| s.to_string_lossy().into_owned()).unwrap_or_else(|| "file".into());
    let taken = |key: &str| files.iter().any(|f| f.key == key);
    if !taken(&stem) {
        return stem;
    }
    (2..).map(|n| format!("{stem}{n}")).find(|key| !taken(key)).expect("some number is free")
}

/// Every `$ref` below `value` with the pointer of the object holding it,
/// outside examples (which are data; under `properties`, keys are names).
fn collect(value: &Value, at: &str, in_properties: bool, found: &mut Vec<(String, String)>) {
    match value {
        Value::Object(object) => {
            if let Some(Value::String(reference)) = object.get("$ref").filter(|_| !in_properties) {
                found.push((at.to_string(), reference.clone()));
            }
            for (key, child) in object {
                if in_properties || !matches!(key.as_str(), "example" | "examples") {
                    collect(child, &pointer_push(at, key), !in_properties && key == "properties", found);
                }
            }
        }
        Value::Array(items) => {
            for (i, child) in items.iter().enumerate() {
                collect(child, &format!("{at}/{i}"), false, found);
            }
        }
        _ => {}
    }
}

#[cfg(test)]
mod tests {
    use std::path::Path;
    /// Writes `files` (name, text) into a new directory; loads the first.
    fn load(files: &[(&str, &str)]) -> Result<Vec<String>, crate::Diagnostic> {
        let dir = tempfile::tempdir().unwrap();
        for (name, text) in files {
            let path = dir.path().join(name);
            std::fs::create_dir_all(path.parent().unwrap()).unwrap();
            std::fs::write(path, text).unwrap();
        }
        let read = crate::load_file(&dir.path().join(files[0].0))?.files;
        let relative =
            |path: &Path| path.strip_prefix(dir.path().canonicalize().unwrap()).unwrap().display().to_string();
        Ok(read.iter().skip(1).map(|path| relative(path)).collect())
    }

    const ROOT: &str = "openapi: 3.0.3\ninfo: {title: t, version: '1'}\npaths:\n  /a:\n    get:\n      responses:\n        '200':\n          description: ok\n          content:\n            application/json:\n              schema: {$ref: 'REF'}\n";

    fn root(reference: &str) -> String {
        ROOT.replace("REF", reference)
    }

    #[test]
    fn files_are_read_once_each_through_cycles_and_nested_directories() {
        let files = load(&[
            ("api.yaml", &root("defs/pet.yaml#/Pet")),
            ("defs/pet.yaml", "Pet: {type: object, properties: {owner: {$ref: 'people/owner.json'}}}\n"),
            ("defs/people/owner.json", r##"{"type": "object", "properties": {"pet": {"$ref": "../pet.yaml#/Pet"}}}"##),
        ])
        .unwrap();
        assert_eq!(files, ["defs/pet.yaml", "defs/people/owner.json"]);
    }

    #[test]
    fn problems_are_located_in_the_file_they_are_in() {
        let remote = load(&[("api.yaml", &root("https://example.com/pet.yaml#/Pet"))]).unwrap_err();
        assert!(remote.message.contains("remote document"), "{remote}");
        let missing = load(&[("api.yaml", &root("pet.yaml#/Pet"))]).unwrap_err();
        assert!(missing.to_string().contains("api.yaml at #/paths/~1a/get/responses/200"), "{missing}");
        let nothing_there = load(&[("api.yaml", &root("pet.yaml#/Pett")), ("pet.yaml", "Pet: {type: string}\n")]);
        let nothing_there = nothing_there.unwrap_err();
        assert!(nothing_there.message.contains("`/Pett`"), "{nothing_there}");
        let broken = load(&[("api.yaml", &root("pet.yaml#/Pet")), ("pet.yaml", "Pet: {type: [string\n")]).unwrap_err();
        assert!(broken.to_string().contains("pet.yaml:2:1: invalid YAML"), "{broken}");
    }
}
