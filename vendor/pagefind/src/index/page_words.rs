//! beian patch: one page's words as the index will store them, packed as
//! soon as the page is parsed. A parsed page holds a `String` and a `Vec`
//! for every word and a 32-byte record for every position of it (about
//! 100 KB for a page of a thousand words); packed, it is three allocations:
//! the words' text, a table of entries, and the encoded positions. The
//! merge into the index then borrows from the packed pages instead of
//! copying every word of every page.

use hashbrown::HashMap;
use std::collections::BTreeMap;
use std::ops::Range;

use crate::fossick::FossickedWord;

/// How many parts the words are merged in, on as many threads as there are.
pub const WORD_SHARDS: usize = 16;

/// The part a word is merged in (FNV-1a, the same on every run; the words
/// are sorted afterwards either way).
pub fn word_shard(word: &str) -> usize {
    let mut hash: u64 = 0xcbf29ce484222325;
    for b in word.bytes() {
        hash = (hash ^ u64::from(b)).wrapping_mul(0x100000001b3);
    }
    (hash % WORD_SHARDS as u64) as usize
}

#[derive(Clone, Debug, Default)]
pub struct PageWords {
    text: String,
    entries: Vec<Entry>,
    locs: Vec<i32>,
    /// The entries of shard `s` are `entries[starts[s]..starts[s + 1]]`.
    starts: Vec<u32>,
}

/// One word of the page, or one form of it with other diacritics, and its
/// positions as `encode_positions` encodes them.
#[derive(Clone, Copy, Debug)]
struct Entry {
    word: (u32, u32),
    /// The form as written, for a form that differs from the word; empty
    /// (start and end the same) for the word itself, as no form is empty.
    form: (u32, u32),
    locs: (u32, u32),
}

/// One entry, read back.
pub struct PageWord<'a> {
    pub word: &'a str,
    pub form: Option<&'a str>,
    pub locs: &'a [i32],
}

impl PageWords {
    /// Packs a page's words as `build_indexes` packs them: for each word,
    /// its positions written as it was normalised, then those of each form
    /// written otherwise, in the forms' order.
    pub fn pack(word_data: HashMap<String, Vec<FossickedWord>>) -> PageWords {
        let mut packed = PageWords::default();
        let mut entries: Vec<(usize, Entry)> = Vec::with_capacity(word_data.len());
        for (word, positions) in word_data {
            let (mut normalized, variants) = if positions.iter().all(|p| p.original_word.is_none()) {
                // Most words are written only as normalised: nothing to sort out.
                (positions, BTreeMap::new())
            } else {
                let mut normalized: Vec<FossickedWord> = Vec::new();
                let mut variants: BTreeMap<String, Vec<FossickedWord>> = BTreeMap::new();
                for mut fossicked in positions {
                    match fossicked.original_word.take() {
                        None => normalized.push(fossicked),
                        Some(original) => variants.entry(original).or_default().push(fossicked),
                    }
                }
                (normalized, variants)
            };
            let shard = word_shard(&word);
            let word = packed.push_text(&word);
            if !normalized.is_empty() {
                let locs = packed.push_locs(&mut normalized);
                entries.push((shard, Entry { word, form: (0, 0), locs }));
            }
            for (form, mut positions) in variants {
                let form = packed.push_text(&form);
                let locs = packed.push_locs(&mut positions);
                entries.push((shard, Entry { word, form, locs }));
            }
        }
        (packed.starts, packed.entries) = by_shard(entries);
        packed.text.shrink_to_fit();
        packed.locs.shrink_to_fit();
        packed
    }

    pub fn is_empty(&self) -> bool {
        self.entries.is_empty()
    }

    /// The entries of shard `shard`, in their order.
    pub fn shard(&self, shard: usize) -> impl Iterator<Item = PageWord<'_>> {
        let range = self.starts.get(shard).copied().unwrap_or(0) as usize
            ..self.starts.get(shard + 1).copied().unwrap_or(0) as usize;
        self.entries[range].iter().map(|e| PageWord {
            word: &self.text[span(e.word)],
            form: (e.form.0 != e.form.1).then(|| &self.text[span(e.form)]),
            locs: &self.locs[span(e.locs)],
        })
    }

    fn push_text(&mut self, text: &str) -> (u32, u32) {
        let start = self.text.len() as u32;
        self.text.push_str(text);
        (start, self.text.len() as u32)
    }

    fn push_locs(&mut self, positions: &mut [FossickedWord]) -> (u32, u32) {
        let start = self.locs.len() as u32;
        super::encode_positions(positions, &mut self.locs);
        (start, self.locs.len() as u32)
    }
}

fn span((start, end): (u32, u32)) -> Range<usize> {
    start as usize..end as usize
}

/// `entries` in order of their shards, and where each shard's start: a
/// counting sort, as there are only [`WORD_SHARDS`] keys (a comparison
/// sort was a seventh of packing a page). Stable: a word's entries keep
/// their order.
fn by_shard(entries: Vec<(usize, Entry)>) -> (Vec<u32>, Vec<Entry>) {
    let starts = shard_starts(entries.iter().map(|(s, _)| *s));
    let mut next = starts.clone();
    let none = Entry { word: (0, 0), form: (0, 0), locs: (0, 0) };
    let mut sorted = vec![none; entries.len()];
    for (shard, entry) in entries {
        sorted[next[shard] as usize] = entry;
        next[shard] += 1;
    }
    (starts, sorted)
}

/// Where each shard's entries start, given the shards of entries sorted by
/// shard; one more than [`WORD_SHARDS`], the last the end.
pub fn shard_starts(shards: impl Iterator<Item = usize>) -> Vec<u32> {
    let mut counts = vec![0u32; WORD_SHARDS + 1];
    for shard in shards {
        counts[shard + 1] += 1;
    }
    for s in 1..counts.len() {
        counts[s] += counts[s - 1];
    }
    counts
}

#[cfg(test)]
mod tests {
    use super::*;

    /// beian patch: the counting sort puts entries where a stable sort by
    /// shard does.
    #[test]
    fn entries_by_shard_are_stably_sorted() {
        let mut seed: u32 = 7;
        let entries: Vec<(usize, Entry)> = (0..500u32)
            .map(|i| {
                seed = seed.wrapping_mul(1_103_515_245).wrapping_add(12_345);
                let shard = (seed >> 16) as usize % WORD_SHARDS;
                (shard, Entry { word: (i, i + 1), form: (0, 0), locs: (i, i) })
            })
            .collect();
        let mut expected = entries.clone();
        expected.sort_by_key(|(shard, _)| *shard);
        let (starts, sorted) = by_shard(entries);
        assert_eq!(starts, shard_starts(expected.iter().map(|(s, _)| *s)));
        let words = |e: &[Entry]| e.iter().map(|e| e.word).collect::<Vec<_>>();
        let expected: Vec<Entry> = expected.into_iter().map(|(_, e)| e).collect();
        assert_eq!(words(&sorted), words(&expected));
        assert_eq!(starts.len(), WORD_SHARDS + 1);
        assert_eq!(*starts.last().unwrap() as usize, sorted.len());
    }
}
