//! Reading a large JSON document on a thread per core. The top-level object
//! is cut into the document without its paths and the paths in runs of
//! whole members; each piece is read on its own and the paths are joined
//! back in order. The cut only finds where members start and end: serde_json
//! still reads every byte of every piece, and anything unexpected (a
//! syntax error, a repeated `paths`) leaves the caller to read the document
//! whole, which also locates errors.

use std::ops::Range;

use openapiv3::{OpenAPI, Paths};

/// Documents smaller than this are read whole: threads would cost more
/// than they save.
const SPLIT_FROM: usize = 1 << 20;

/// About how many bytes of paths each piece holds: enough pieces that the
/// threads finish together.
const PIECE_BYTES: usize = 256 << 10;

/// The document read on a thread per core, or `None` when it is small, there
/// is one core, it cannot be cut or read that way, or a piece's text is not
/// `accept`ed.
pub(super) fn read_split(text: &str, accept: impl Fn(&str) -> bool + Sync) -> Option<OpenAPI> {
    if text.len() < SPLIT_FROM || apiforge_parallel::threads() < 2 {
        return None;
    }
    read_in_pieces(text, PIECE_BYTES, accept)
}

/// A piece of the document to read: all but the paths' members, or a run of them.
enum Piece {
    Rest(Range<usize>),
    Paths(Range<usize>),
}

enum Read {
    Rest(Box<OpenAPI>),
    Paths(Paths),
}

fn read_in_pieces(text: &str, piece_bytes: usize, accept: impl Fn(&str) -> bool + Sync) -> Option<OpenAPI> {
    let bytes = text.as_bytes();
    let open = skip_whitespace(bytes, 0);
    let (top, end) = members(bytes, open)?;
    if skip_whitespace(bytes, end) != bytes.len() {
        return None;
    }
    let mut named_paths = top.iter().filter(|member| &text[member.key.clone()] == "\"paths\"");
    let paths = named_paths.next()?.value.clone();
    if named_paths.next().is_some() {
        return None;
    }
    // None too when `paths` is no object.
    let (path_members, _) = members(bytes, paths.start)?;
    let pieces: Vec<Piece> =
        std::iter::once(Piece::Rest(paths.clone())).chain(runs(&path_members, piece_bytes).map(Piece::Paths)).collect();
    let reads = apiforge_parallel::map_shared(&pieces, |piece| read(text, piece, &accept));
    let mut reads = reads.into_iter();
    let Some(Some(Read::Rest(openapi))) = reads.next() else { return None };
    let mut openapi = *openapi;
    // Sized once: path items are large, and moving them again as the map grows shows.
    openapi.paths.paths.reserve(path_members.len());
    for read in reads {
        let Some(Read::Paths(paths)) = read else { return None };
        openapi.paths.paths.extend(paths.paths);
        openapi.paths.extensions.extend(paths.extensions);
    }
    Some(openapi)
}

/// Reads one piece, copied out with the braces that make it an object.
fn read(text: &str, piece: &Piece, accept: impl Fn(&str) -> bool) -> Option<Read> {
    let object = match piece {
        Piece::Rest(paths) => [&text[..paths.start], "{}", &text[paths.end..]].concat(),
        Piece::Paths(members) => ["{", &text[members.clone()], "}"].concat(),
    };
    if !accept(&object) {
        return None;
    }
    match piece {
        Piece::Rest(_) => serde_json::from_str(&object).ok().map(|openapi| Read::Rest(Box::new(openapi))),
        Piece::Paths(_) => serde_json::from_str(&object).ok().map(Read::Paths),
    }
}

/// Consecutive members grouped into runs of about `piece_bytes` each: the
/// text from a run's first key to its last value.
fn runs(members: &[Member], piece_bytes: usize) -> impl Iterator<Item = Range<usize>> + '_ {
    let mut rest = members;
    std::iter::from_fn(move || {
        let first = rest.first()?;
        let count = rest
            .iter()
            .position(|member| member.value.end - first.key.start >= piece_bytes)
            .map_or(rest.len(), |last| last + 1);
        let run = first.key.start..rest[count - 1].value.end;
        rest = &rest[count..];
        Some(run)
    })
}

/// One member of a JSON object: where its key (quotes included) and its
/// value lie.
struct Member {
    key: Range<usize>,
    value: Range<usize>,
}

/// The members of the object that opens at `open`, and where it ends (just
/// past its `}`).
fn members(bytes: &[u8], open: usize) -> Option<(Vec<Member>, usize)> {
    if bytes.get(open) != Some(&b'{') {
        return None;
    }
    let mut members = Vec::new();
    let mut at = skip_whitespace(bytes, open + 1);
    if bytes.get(at) == Some(&b'}') {
        return Some((members, at + 1));
    }
    loop {
        let key_end = skip_string(bytes, at)?;
        let colon = skip_whitespace(bytes, key_end);
        if bytes.get(colon) != Some(&b':') {
            return None;
        }
        let value_start = skip_whitespace(bytes, colon + 1);
        let value_end = skip_value(bytes, value_start)?;
        members.push(Member { key: at..key_end, value: value_start..value_end });
        at = skip_whitespace(bytes, value_end);
        match bytes.get(at)? {
            b',' => at = skip_whitespace(bytes, at + 1),
            b'}' => return Some((members, at + 1)),
            _ => return None,
        }
    }
}

fn skip_whitespace(bytes: &[u8], mut at: usize) -> usize {
    while matches!(bytes.get(at), Some(b' ' | b'\n' | b'\r' | b'\t')) {
        at += 1;
    }
    at
}

/// Past the string that opens at `at` (most of a spec's bytes are in
/// strings, so they are skipped a vector at a time).
fn skip_string(bytes: &[u8], at: usize) -> Option<usize> {
    if bytes.get(at) != Some(&b'"') {
        return None;
    }
    let mut i = at + 1;
    loop {
        i += memchr::memchr2(b'"', b'\\', bytes.get(i..)?)?;
        match bytes[i] {
            b'"' => return Some(i + 1),
            _ => i += 2,
        }
    }
}

/// Past the value that starts at `at`: its brackets are counted and its
/// strings skipped, the rest is left to serde_json.
fn skip_value(bytes: &[u8], at: usize) -> Option<usize> {
    match bytes.get(at)? {
        b'"' => skip_string(bytes, at),
        b'{' | b'[' => {
            let mut depth = 0usize;
            let mut i = at;
            loop {
                match bytes.get(i)? {
                    b'"' => {
                        i = skip_string(bytes, i)?;
                        continue;
                    }
                    b'{' | b'[' => depth += 1,
                    b'}' | b']' => {
                        depth -= 1;
                        if depth == 0 {
                            return Some(i + 1);
                        }
                    }
                    _ => {}
                }
                i += 1;
            }
        }
        _ => {
            let length =
                bytes[at..].iter().position(|b| matches!(b, b',' | b'}' | b']' | b' ' | b'\n' | b'\r' | b'\t'))?;
            (length > 0).then_some(at + length)
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn whole(text: &str) -> OpenAPI {
        serde_json::from_str(text).unwrap()
    }

    const DOCUMENT: &str = r##" {"openapi": "3.0.3", "info": {"title": "t \"}", "version": "1"},
        "paths": {"/a": {"get": {"responses": {"200": {"description": "[{"}}}}, "x-note": [1, {"k": null}],
                  "/b": {"$ref": "#/components/pathItems/b"}, "/c": {"post": {"responses": {}}}, "/a": {"put": {"responses": {}}}},
        "components": {"schemas": {"S": {"type": "integer", "maximum": 1e3}}}} "##;

    #[test]
    fn pieces_read_the_same_model_as_the_whole() {
        for piece_bytes in [1, 60, 100, 10_000] {
            assert_eq!(
                read_in_pieces(DOCUMENT, piece_bytes, |_| true),
                Some(whole(DOCUMENT)),
                "pieces of {piece_bytes} bytes"
            );
        }
    }

    #[test]
    fn fixtures_read_the_same_model_in_pieces() {
        let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../..");
        let mut read = 0;
        for dir in ["specs", "tests/fixtures"] {
            for entry in std::fs::read_dir(root.join(dir)).unwrap() {
                let Ok(text) = std::fs::read_to_string(entry.unwrap().path()) else { continue };
                let Ok(value) = serde_yaml::from_str::<serde_json::Value>(&text) else { continue };
                let json = serde_json::to_string(&value).unwrap();
                if let Ok(model) = serde_json::from_str::<OpenAPI>(&json) {
                    assert_eq!(read_in_pieces(&json, 50, |_| true), Some(model));
                    read += 1;
                }
            }
        }
        assert!(read >= 5, "{read} fixtures read");
    }

    #[test]
    fn every_piece_is_checked() {
        let seen = std::sync::Mutex::new(String::new());
        let checked = read_in_pieces(DOCUMENT, 1, |piece| {
            seen.lock().unwrap().push_str(piece);
            !piece.contains("/c")
        });
        assert_eq!(checked, None);
        let seen = seen.into_inner().unwrap();
        assert!(["openapi", "/a", "x-note", "/b", "/c", "components"].iter().all(|part| seen.contains(part)), "{seen}");
    }

    #[test]
    fn what_cannot_be_cut_or_read_is_left_to_the_whole_reading() {
        let broken = [
            DOCUMENT.replace(r#""/c": {"post""#, r#""/c" {"post""#),
            DOCUMENT.replace(r#""x-note": [1, {"k": null}]"#, r#""x-note": [1, {"k": nul}]"#),
            DOCUMENT.replace(r#""/b": {"$ref""#, r#""/b": {"$ref"]"#),
            DOCUMENT.replace(r#""components""#, r#""paths": {}, "components""#),
            DOCUMENT.replace(r#""info": {"title""#, r#""info": {"title": 3, "title""#),
            format!("{DOCUMENT} {{}}"),
            DOCUMENT.replace("} ", ""),
            r#"{"openapi": "3.0.3", "info": {"title": "t", "version": "1"}, "paths": []}"#.to_string(),
        ];
        for text in &broken {
            assert!(serde_json::from_str::<OpenAPI>(text).is_err(), "{text}");
            assert_eq!(read_in_pieces(text, 1, |_| true), None, "{text}");
        }
    }
}
