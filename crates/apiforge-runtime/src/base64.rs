//! Standard base64 decoding (RFC 4648, with padding), for HTTP basic
//! credentials; small enough not to warrant a dependency.

const ALPHABET: &[u8; 64] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";

/// Decodes `text`, or None if it is not valid padded base64.
pub fn decode(text: &str) -> Option<Vec<u8>> {
    let bytes = text.as_bytes();
    if bytes.len() % 4 != 0 {
        return None;
    }
    let mut out = Vec::with_capacity(bytes.len() / 4 * 3);
    for (index, chunk) in bytes.chunks(4).enumerate() {
        let last = index == bytes.len() / 4 - 1;
        let padding = chunk.iter().rev().take_while(|&&b| b == b'=').count();
        if padding > 2 || (padding > 0 && !last) {
            return None;
        }
        let mut group = 0u32;
        for &b in &chunk[..4 - padding] {
            let value = ALPHABET.iter().position(|&a| a == b)? as u32;
            group = (group << 6) | value;
        }
        group <<= 6 * padding as u32;
        let decoded = [(group >> 16) as u8, (group >> 8) as u8, group as u8];
        out.extend_from_slice(&decoded[..3 - padding]);
    }
    Some(out)
}

#[cfg(test)]
mod tests {
    use super::decode;

    #[test]
    fn decodes_padded_base64_and_refuses_the_rest() {
        assert_eq!(decode("YW5hOmh1bnRlcjI=").unwrap(), b"ana:hunter2");
        assert_eq!(decode("YQ==").unwrap(), b"a");
        assert_eq!(decode("").unwrap(), b"");
        assert!(decode("YQ=").is_none());
        assert!(decode("Y!==").is_none());
        assert!(decode("YQ==YQ==").is_none());
    }
}
