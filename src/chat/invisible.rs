//! Characters that render as nothing: Unicode's `Default_Ignorable_Code_Point` property
//! (DerivedCoreProperties.txt; the same ranges as the table of the `unicode-security` crate nt
//! uses, which does not export it), as a range table, and the blank-rendering characters that are
//! not in it. Relayed text loses them (`protocol::clean_text`) and no nickname may hold one
//! (`nick.rs`), so that nobody can smuggle text in tag characters (U+E0000 to U+E007F) or take a
//! nickname that looks blank. Pure, no I/O.

/// Every `Default_Ignorable_Code_Point`, as sorted, inclusive ranges.
const DEFAULT_IGNORABLE: [(char, char); 19] = [
    ('\u{00ad}', '\u{00ad}'),   // SOFT HYPHEN
    ('\u{034f}', '\u{034f}'),   // COMBINING GRAPHEME JOINER
    ('\u{061c}', '\u{061c}'),   // ARABIC LETTER MARK
    ('\u{115f}', '\u{1160}'),   // HANGUL CHOSEONG and JUNGSEONG FILLER
    ('\u{17b4}', '\u{17b5}'),   // KHMER VOWEL INHERENT AQ and AA
    ('\u{180b}', '\u{180f}'),   // MONGOLIAN FREE VARIATION SELECTORS, VOWEL SEPARATOR
    ('\u{200b}', '\u{200f}'),   // ZERO WIDTH SPACE .. RIGHT-TO-LEFT MARK
    ('\u{202a}', '\u{202e}'),   // bidi embeddings and overrides
    ('\u{2060}', '\u{206f}'),   // WORD JOINER .. NOMINAL DIGIT SHAPES (isolates too)
    ('\u{3164}', '\u{3164}'),   // HANGUL FILLER
    ('\u{fe00}', '\u{fe0f}'),   // VARIATION SELECTOR-1 to 16
    ('\u{feff}', '\u{feff}'),   // ZERO WIDTH NO-BREAK SPACE (BOM)
    ('\u{ffa0}', '\u{ffa0}'),   // HALFWIDTH HANGUL FILLER
    ('\u{fff0}', '\u{fff8}'),   // reserved
    ('\u{1bca0}', '\u{1bca3}'), // SHORTHAND FORMAT CONTROLS
    ('\u{1d173}', '\u{1d17a}'), // MUSICAL SYMBOL BEGIN BEAM .. END PHRASE
    ('\u{e0000}', '\u{e00ff}'), // tags (U+E0020..E007F) and reserved
    ('\u{e0100}', '\u{e01ef}'), // VARIATION SELECTOR-17 to 256
    ('\u{e01f0}', '\u{e0fff}'), // reserved
];

/// Whether `c` is a `Default_Ignorable_Code_Point`.
pub fn default_ignorable(c: char) -> bool {
    DEFAULT_IGNORABLE
        .binary_search_by(|&(lo, hi)| {
            if hi < c {
                std::cmp::Ordering::Less
            } else if lo > c {
                std::cmp::Ordering::Greater
            } else {
                std::cmp::Ordering::Equal
            }
        })
        .is_ok()
}

/// Blank-rendering characters that are not default-ignorable: the braille blank (U+2800).
pub fn blank(c: char) -> bool {
    c == '\u{2800}'
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn the_table_is_sorted_and_holds_the_listed_characters() {
        assert!(DEFAULT_IGNORABLE.windows(2).all(|w| w[0].1 < w[1].0));
        assert!(DEFAULT_IGNORABLE.iter().all(|(lo, hi)| lo <= hi));
        for c in [
            '\u{ad}',
            '\u{34f}',
            '\u{61c}',
            '\u{115f}',
            '\u{1160}',
            '\u{17b4}',
            '\u{180e}',
            '\u{180f}',
            '\u{200b}',
            '\u{200d}',
            '\u{200f}',
            '\u{202e}',
            '\u{2060}',
            '\u{2065}',
            '\u{2069}',
            '\u{206f}',
            '\u{3164}',
            '\u{fe0f}',
            '\u{feff}',
            '\u{ffa0}',
            '\u{fff8}',
            '\u{1bca3}',
            '\u{1d17a}',
            '\u{e0000}',
            '\u{e0001}',
            '\u{e0041}',
            '\u{e007f}',
            '\u{e0100}',
            '\u{e0fff}',
        ] {
            assert!(default_ignorable(c), "U+{:04X}", c as u32);
        }
        for c in [
            'a',
            ' ',
            '\u{ac}',
            '\u{ae}',
            '\u{34e}',
            '\u{1161}',
            '\u{180a}',
            '\u{2010}',
            '\u{2070}',
            '\u{3165}',
            '\u{fff9}',
            '\u{fffd}',
            '\u{e1000}',
            '\u{2800}',
            '\u{10ffff}',
        ] {
            assert!(!default_ignorable(c), "U+{:04X}", c as u32);
        }
    }

    proptest! {
        #[test]
        fn lookup_agrees_with_a_scan(c in any::<char>()) {
            let scan = DEFAULT_IGNORABLE.iter().any(|&(lo, hi)| lo <= c && c <= hi);
            prop_assert_eq!(default_ignorable(c), scan);
        }
    }
}
