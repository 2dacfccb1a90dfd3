//! Text in the encodings Windows editors and WPS save: UTF-8 (with or without a byte-order
//! mark), UTF-16 (what Notepad calls "Unicode") and GB18030/GBK (the default of Chinese
//! Windows). Decoding is by `encoding_rs`, the WHATWG Encoding Standard's implementation.

use encoding_rs::{Encoding, GB18030, UTF_8, UTF_16BE, UTF_16LE};

/// Text decoded from bytes, and the encoding it was in when that was not UTF-8.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Decoded {
    pub text: String,
    /// `GB18030`, `UTF-16LE`, `UTF-16BE`; `None` for UTF-8.
    pub converted_from: Option<&'static str>,
}

/// Decodes a text file: a byte-order mark decides; without one, UTF-8 if the bytes are UTF-8,
/// UTF-16 if the NUL bytes of ASCII text say so, else GB18030 if the bytes are GB18030 without a
/// single error. `Err` carries the bytes back when none of these reads them whole.
pub fn decode(bytes: Vec<u8>) -> Result<Decoded, Vec<u8>> {
    if let Some((encoding, bom)) = Encoding::for_bom(&bytes) {
        return whole(encoding, &bytes[bom..]).ok_or(bytes);
    }
    // UTF-8 is validated once, as the text is taken.
    let bytes = match String::from_utf8(bytes) {
        Ok(text) => {
            return Ok(Decoded {
                text,
                converted_from: None,
            });
        }
        Err(error) => error.into_bytes(),
    };
    let encoding = utf16_by_nuls(&bytes).unwrap_or(GB18030);
    whole(encoding, &bytes).ok_or(bytes)
}

/// The bytes in `encoding`, or `None` at the first malformed sequence: nothing is replaced.
fn whole(encoding: &'static Encoding, bytes: &[u8]) -> Option<Decoded> {
    let text = encoding.decode_without_bom_handling_and_without_replacement(bytes)?;
    Some(Decoded {
        text: text.into_owned(),
        converted_from: (encoding != UTF_8).then(|| encoding.name()),
    })
}

/// UTF-16 without a byte-order mark: ASCII characters (every project file starts with keys) have
/// a NUL as their high byte.
fn utf16_by_nuls(bytes: &[u8]) -> Option<&'static Encoding> {
    if bytes.len() < 4 || bytes.len() % 2 != 0 {
        return None;
    }
    let head = &bytes[..bytes.len().min(64)];
    let nul_at = |parity: usize| {
        head.iter()
            .enumerate()
            .filter(|(i, b)| i % 2 == parity && **b == 0)
            .count()
    };
    let pairs = head.len() / 2;
    match (nul_at(0), nul_at(1)) {
        (0, odd) if odd * 2 > pairs => Some(UTF_16LE),
        (even, 0) if even * 2 > pairs => Some(UTF_16BE),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const TEXT: &str = "schema = 1\n[project]\nname = \"智慧城市提升工程\"\n";

    #[test]
    fn utf8_with_or_without_a_byte_order_mark() {
        let plain = decode(TEXT.as_bytes().to_vec()).unwrap();
        assert_eq!((plain.text.as_str(), plain.converted_from), (TEXT, None));
        let mut bom = vec![0xEF, 0xBB, 0xBF];
        bom.extend_from_slice(TEXT.as_bytes());
        assert_eq!(decode(bom).unwrap().text, TEXT);
    }

    #[test]
    fn gbk_as_chinese_windows_saves_it() {
        let (bytes, _, _) = GB18030.encode(TEXT);
        let decoded = decode(bytes.into_owned()).unwrap();
        assert_eq!(decoded.text, TEXT);
        assert_eq!(decoded.converted_from, Some("gb18030"));
    }

    #[test]
    fn utf16_with_and_without_a_byte_order_mark() {
        let le: Vec<u8> = TEXT.encode_utf16().flat_map(u16::to_le_bytes).collect();
        let be: Vec<u8> = TEXT.encode_utf16().flat_map(u16::to_be_bytes).collect();
        for (bytes, name) in [(le.clone(), "UTF-16LE"), (be.clone(), "UTF-16BE")] {
            let decoded = decode(bytes).unwrap();
            assert_eq!(
                (decoded.text.as_str(), decoded.converted_from),
                (TEXT, Some(name))
            );
        }
        let mut bom = vec![0xFF, 0xFE];
        bom.extend(le);
        assert_eq!(decode(bom).unwrap().text, TEXT);
    }

    #[test]
    fn bytes_no_encoding_reads_whole_are_refused() {
        // 0x80 alone is malformed in UTF-8 and in GB18030.
        let bytes = b"schema = 1\n\x80\xFF\xFF".to_vec();
        assert_eq!(decode(bytes.clone()), Err(bytes));
    }
}
