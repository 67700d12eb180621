use hashbrown::HashMap;
use rayon::prelude::*;
use std::collections::{BTreeMap, BTreeSet};

use crate::{
    fossick::{FossickedData, FossickedWord, MetaFossickedWord},
    index::index_metadata::MetaFilter,
    utils::full_hash,
    SearchOptions,
};
use anyhow::{bail, Result};
use index_filter::{FilterIndex, PackedValue};
use index_metadata::{MetaChunk, MetaIndex, MetaPage};
use index_words::{PackedPageRef, PackedVariantRef, PackedWordRef, WordIndexRef};
#[cfg(test)]
use index_words::{PackedPage, PackedVariant, PackedWord};

use self::index_metadata::MetaSort;

mod index_filter;
mod index_metadata;
mod index_words;
pub mod page_words;

/// beian patch: a page's fragment as `build_indexes` encodes it: the JSON
/// and its hash, for the index of `language`; kept with a page that is kept
/// for the next build, so it is encoded once. The JSON is shared, not
/// copied, with each index made of the kept page (a copy of every page's
/// fragment, 100 MB on a 10,000-page site, was a tenth of `serve`'s
/// update after an edit).
#[derive(Clone, Debug)]
pub struct EncodedFragment {
    pub language: String,
    pub json: std::sync::Arc<String>,
    pub full_hash: String,
}


pub struct PagefindIndexes {
    pub word_indexes: HashMap<String, Vec<u8>>,
    pub filter_indexes: HashMap<String, Vec<u8>>,
    pub meta_index: (String, Vec<u8>),
    pub fragments: Vec<(String, std::sync::Arc<String>)>,
    pub sorts: Vec<String>,
    pub language: String,
    pub word_count: usize,
    pub page_count: usize,
}

#[derive(Clone)]
struct IntermediaryPageData {
    full_hash: String,
    encoded_data: std::sync::Arc<String>,
    word_count: usize,
    page_number: usize,
}

#[derive(Debug)]
enum SortType {
    String,
    Number,
}

/// Results from processing a single page in parallel.
/// Contains the word map, filter entries, and encoded page data for one page.
struct PageProcessingResult {
    filter_entries: Vec<(String, String, usize)>, // (filter, value, page_number)
    encoded_page: IntermediaryPageData,
}

pub async fn build_indexes(
    // beian patch: borrowed, so that an index kept for more pages (as
    // `get_files` keeps it) is not copied whole for each build.
    mut pages: Vec<&mut FossickedData>,
    language: String,
    options: &SearchOptions,
    // beian patch: whether the pages are kept for another build (each
    // page's encoded fragment is then copied, not moved, into the index).
    keep: bool,
) -> Result<PagefindIndexes> {
    let mut meta = MetaIndex {
        version: options.version.into(),
        pages: Vec::new(),
        index_chunks: Vec::new(),
        filters: Vec::new(),
        sorts: Vec::new(),
        meta_fields: Vec::new(),
    };

    /*
        - Collect all sort keys
        - Sort `pages` by one of them and set `default_sort`
        - Do the main enumerate loop as an iter_mut and set page numbers
        - Later on, for each other sort key:
            - Sort the `pages` array and output the page numbers to `alternate_sorts`
    */

    let mut filter_map: HashMap<String, HashMap<String, Vec<usize>>> = HashMap::new();
    let mut fragment_hashes: HashMap<String, IntermediaryPageData> = HashMap::new();
    let mut fragments: Vec<(usize, (String, IntermediaryPageData))> = Vec::new();

    for (page_number, page) in pages.iter_mut().enumerate() {
        page.fragment.page_number = page_number;
    }

    // Get all possible sort keys
    let mut sorts: Vec<_> = pages
        .iter()
        .flat_map(|page| page.sort.keys().cloned())
        .collect();
    sorts.sort_unstable();
    sorts.dedup();

    // Determine the best sorting parser that fits all available values for each given key
    let mut sort_types: BTreeMap<String, SortType> = BTreeMap::new();
    for sort in sorts.iter() {
        let mut sort_values = pages.iter().flat_map(|page| page.sort.get(sort));
        sort_types.insert(
            sort.clone(),
            if sort_values.all(|v| parse_int_sort(v).is_some() || parse_float_sort(v).is_some()) {
                SortType::Number
            } else {
                SortType::String
            },
        );
    }

    for (sort_key, sort_type) in sort_types {
        let mut page_values: Vec<_> = pages
            .iter()
            .flat_map(|page| {
                page.sort
                    .get(&sort_key)
                    .map(|v| (v, page.fragment.page_number))
            })
            .collect();
        options.logger.v_info(format!(
            "Prebuilding sort order for {sort_key}, processed as type: {sort_type:#?}"
        ));
        match sort_type {
            SortType::String => page_values.sort_by_key(|p| p.0),
            SortType::Number => page_values.sort_by(|p1, p2| {
                let p1 = parse_int_sort(p1.0)
                    .map(|i| i as f32)
                    .unwrap_or_else(|| parse_float_sort(p1.0).unwrap_or_default());
                let p2 = parse_int_sort(p2.0)
                    .map(|i| i as f32)
                    .unwrap_or_else(|| parse_float_sort(p2.0).unwrap_or_default());

                p1.total_cmp(&p2)
            }),
        }
        meta.sorts.push(MetaSort {
            sort: sort_key,
            pages: page_values.into_iter().map(|p| p.1).collect(),
        });
    }

    let mut meta_fields_set: BTreeSet<String> = BTreeSet::new();
    for page in pages.iter() {
        meta_fields_set.extend(page.fragment.data.meta.keys().cloned());
    }
    meta.meta_fields = meta_fields_set.into_iter().collect();

    // Clone meta_fields for use in parallel processing
    let meta_fields_ref = meta.meta_fields.clone();
    let language_ref = language.clone();

    // beian patch: each page's words are packed (when they were not packed
    // as the page was prepared) and its metadata words encoded, on many
    // threads; then the words are merged shard by shard, each shard on its
    // own thread, borrowing from the packed pages. The result is what
    // Pagefind's per-page word maps, merged one page after another, give.
    let (page_words, page_results): (Vec<PageWordsAndMeta>, Vec<PageProcessingResult>) = pages
        .into_par_iter()
        .map(|page| {
            if page.packed.is_none() {
                page.packed = Some(page_words::PageWords::pack(std::mem::take(
                    &mut page.word_data,
                )));
            }
            if page
                .encoded
                .as_ref()
                .is_none_or(|encoded| encoded.language != language_ref)
            {
                let json = serde_json::to_string(&page.fragment.data).unwrap();
                page.encoded = Some(EncodedFragment {
                    full_hash: format!("{}_{}", language_ref, full_hash(json.as_bytes())),
                    language: language_ref.clone(),
                    json: std::sync::Arc::new(json),
                });
            }
            let encoded = if keep {
                page.encoded.clone()
            } else {
                page.encoded.take()
            }
            .expect("encoded above");
            let page: &FossickedData = page;
            let words = page.packed.as_ref().expect("packed above");

            // Meta field IDs were assigned per-page,
            // but need to be remapped to the global meta_fields order.
            let page_field_order: Vec<&String> = page.fragment.data.meta.keys().collect();
            let field_id_map: Vec<u16> = page_field_order
                .iter()
                .map(|name| meta_fields_ref.iter().position(|f| f == *name).unwrap() as u16)
                .collect();

            let mut meta_words: Vec<(usize, MetaWord)> = Vec::new();
            for (word, meta_positions) in &page.meta_word_data {
                let meta_positions = meta_positions.clone();
                let mut normalized_meta_positions: Vec<MetaFossickedWord> = Vec::new();
                let mut variant_meta_positions: BTreeMap<String, Vec<MetaFossickedWord>> =
                    BTreeMap::new();

                for mut meta_fossicked in meta_positions {
                    meta_fossicked.field_id = field_id_map[meta_fossicked.field_id as usize];
                    if let Some(original) = meta_fossicked.original_word.clone() {
                        variant_meta_positions
                            .entry(original)
                            .or_default()
                            .push(meta_fossicked);
                    } else {
                        normalized_meta_positions.push(meta_fossicked);
                    }
                }

                let shard = page_words::word_shard(&word);
                // The word is in the index even when only its other forms
                // are on the page, as Pagefind's `or_insert_with` had it.
                meta_words.push((
                    shard,
                    MetaWord {
                        word: word.clone(),
                        form: None,
                        meta_locs: (!normalized_meta_positions.is_empty())
                            .then(|| meta_positions_to_packed(normalized_meta_positions)),
                    },
                ));
                for (variant_form, variant_pos) in variant_meta_positions {
                    meta_words.push((
                        shard,
                        MetaWord {
                            word: word.clone(),
                            form: Some(variant_form),
                            meta_locs: Some(meta_positions_to_packed(variant_pos)),
                        },
                    ));
                }
            }
            meta_words.sort_by_key(|(shard, _)| *shard);
            let meta_starts = page_words::shard_starts(meta_words.iter().map(|(s, _)| *s));

            // Collect filter entries for this page
            let filter_entries: Vec<(String, String, usize)> = page
                .fragment
                .data
                .filters
                .iter()
                .flat_map(|(filter, values)| {
                    values.iter().map(move |value| {
                        (filter.clone(), value.clone(), page.fragment.page_number)
                    })
                })
                .collect();

            // Compute encoded page data (beian patch: encoded above, or
            // by the build before, for a page kept since)
            let (encoded_data, hash) = (encoded.json, encoded.full_hash);
            let encoded_page = IntermediaryPageData {
                full_hash: hash,
                word_count: page.fragment.data.word_count,
                page_number: page.fragment.page_number,
                encoded_data,
            };

            (
                PageWordsAndMeta {
                    page_number: page.fragment.page_number,
                    words,
                    meta_words: meta_words.into_iter().map(|(_, m)| m).collect(),
                    meta_starts,
                },
                PageProcessingResult {
                    filter_entries,
                    encoded_page,
                },
            )
        })
        .unzip();

    let word_map: Vec<(&str, MergedWord)> = (0..page_words::WORD_SHARDS)
        .into_par_iter()
        .with_max_len(1)
        .map(|shard| merge_shard(&page_words, shard))
        .collect::<Vec<_>>()
        .into_iter()
        .flatten()
        .collect();

    for result in page_results {
        // Merge filter entries using or_default for cleaner code
        for (filter, value, page_number) in result.filter_entries {
            filter_map
                .entry(filter)
                .or_default()
                .entry(value)
                .or_default()
                .push(page_number);
        }

        // Handle fragment hashing (must be sequential due to collision handling)
        let encoded_page = result.encoded_page;
        let mut short_hash = &encoded_page.full_hash[0..=(language.len() + 7)];

        // If we hit a collision, extend one until we stop colliding
        // TODO: There are some collision issues here.
        // If two builds match a collision in different orders the hashes will swap,
        // which could return incorrect data due to files being cached.
        while let Some(collision) = fragment_hashes.get(short_hash) {
            if collision.full_hash == encoded_page.full_hash {
                // These pages are identical. Add both under the same hash.
                fragments.push((
                    collision.word_count,
                    (collision.full_hash.clone(), collision.clone()),
                ));
            } else {
                let new_length = short_hash.len();
                short_hash = &encoded_page.full_hash[0..=new_length];
            }
        }
        fragment_hashes.insert(short_hash.to_string(), encoded_page);
    }

    fragments.extend(
        fragment_hashes
            .into_iter()
            .map(|(hash, frag)| (frag.word_count, (hash, frag))),
    );
    fragments.sort_by_cached_key(|(_, (_, fragment))| fragment.page_number);

    let page_count = fragments.len();
    let mut final_fragments = Vec::new();

    if let Some(max_fragments) =
        options.max_fragments.filter(|&m| m > 0 && (m as usize) < fragments.len())
    {
        let group_size = (fragments.len() as f32 / max_fragments as f32).ceil() as usize;
        options.logger.info(format!(
            "Bundling {} fragments into groups of {}, resulting in {} files",
            fragments.len(),
            group_size,
            fragments.chunks(group_size).len()
        ));
        let mut group_hashes: BTreeSet<String> = BTreeSet::new();
        for chunk in fragments.chunks(group_size) {
            let mut group_map = BTreeMap::new();
            for (_, (hash, frag)) in chunk {
                let val: serde_json::Value = serde_json::from_str(&frag.encoded_data).unwrap();
                group_map.insert(hash.clone(), val);
            }
            let group_json = serde_json::to_string(&group_map).unwrap();
            let prefix = format!("{language}_group_");
            let group_hash = format!("{prefix}{}", full_hash(group_json.as_bytes()));

            // If we hit a collision, extend one hash until we stop colliding
            let mut hash_length = 7;
            let mut short_group_hash = &group_hash[..prefix.len() + hash_length];
            while group_hashes.contains(short_group_hash) && hash_length < 40 {
                hash_length += 1;
                short_group_hash = &group_hash[..prefix.len() + hash_length];
            }
            group_hashes.insert(short_group_hash.to_string());

            final_fragments.push((short_group_hash.to_string(), std::sync::Arc::new(group_json)));

            for (word_count, (hash, _)) in chunk {
                meta.pages.push(MetaPage {
                    hash: hash.clone(),
                    word_count: *word_count as u32,
                    group_hash: short_group_hash.to_string(),
                });
            }
        }
    } else {
        for (word_count, (hash, frag)) in fragments {
            final_fragments.push((hash.clone(), frag.encoded_data));
            meta.pages.push(MetaPage {
                hash: hash.clone(),
                word_count: word_count as u32,
                group_hash: "".into(),
            });
        }
    }

    // Encode filter indexes in parallel
    // Accumulate into HashMap for O(1) inserts, then sort once before encoding
    // to produce a stable hash without paying BTreeMap's per-insert overhead.
    let mut filter_map_vec: Vec<_> = filter_map.into_iter().collect();
    filter_map_vec.sort_unstable_by(|(a, _), (b, _)| a.cmp(b));
    let encoded_filters: Vec<(String, Vec<u8>, String)> = filter_map_vec
        .into_par_iter()
        .map(|(filter, values)| {
            let mut sorted_values: Vec<_> = values.into_iter().collect();
            sorted_values.sort_unstable_by(|(a, _), (b, _)| a.cmp(b));
            let mut filter_index: Vec<u8> = Vec::new();
            let _ = minicbor::encode::<FilterIndex, &mut Vec<u8>>(
                FilterIndex {
                    filter: filter.clone(),
                    values: sorted_values
                        .into_iter()
                        .map(|(value, pages)| PackedValue { value, pages })
                        .collect(),
                },
                filter_index.as_mut(),
            );
            let hash = format!("{}_{}", language, full_hash(&filter_index));
            (filter, filter_index, hash)
        })
        .collect();

    // Handle hash collisions sequentially (required for correctness)
    let mut filter_indexes = HashMap::new();
    for (filter, filter_index, hash) in encoded_filters {
        let mut short_hash = &hash[0..=(language.len() + 7)];

        // If we hit a collision, extend one hash until we stop colliding
        // TODO: DRY
        while filter_indexes.contains_key(short_hash) {
            let new_length = short_hash.len() + 1;
            short_hash = &hash[0..=new_length];

            if short_hash.len() == hash.len() {
                break;
            }
        }
        filter_indexes.insert(short_hash.to_string(), filter_index);
        meta.filters.push(MetaFilter {
            filter,
            hash: short_hash.to_string(),
        })
    }

    if TryInto::<u32>::try_into(meta.pages.len()).is_err() {
        options.logger.error(format!(
            "Language {} has too many documents to index, must be < {}",
            language,
            u32::MAX
        ));
        bail!(
            "Language {language} has too many documents to index, must be < {}",
            u32::MAX
        );
    }

    // TODO: Parameterize these chunk sizes via byte size rather than word count
    let word_count = word_map.len();
    let chunks = chunk_merged(word_map, options.index_chunk_size, &page_words);
    meta.index_chunks = chunk_meta_of(
        chunks
            .iter()
            .map(|chunk| {
                (
                    chunk.first().map_or("".into(), |w| w.0.to_string()),
                    chunk.last().map_or("".into(), |w| w.0.to_string()),
                )
            })
            .collect(),
    );

    // Encode word index chunks in parallel (delta encoding + CBOR serialization)
    let encoded_chunks: Vec<(usize, Vec<u8>, String)> = chunks
        .into_par_iter()
        .enumerate()
        .with_max_len(4)
        .map(|(i, chunk)| {
            // Delta-encode page numbers within each word's page list
            // (beian patch: the words made here from the merged ones).
            let delta_chunk: Vec<PackedWordRef> = chunk
                .iter()
                .map(|(word, merged)| PackedWordRef {
                    word,
                    pages: delta_pages(&merged.pages, &page_words),
                    additional_variants: merged
                        .variants
                        .iter()
                        .map(|(form, pages)| PackedVariantRef {
                            form,
                            pages: delta_pages(pages, &page_words),
                        })
                        .collect(),
                })
                .collect();

            let mut word_index: Vec<u8> = Vec::new();
            let _ = minicbor::encode::<WordIndexRef, &mut Vec<u8>>(
                WordIndexRef { words: delta_chunk },
                word_index.as_mut(),
            );

            let hash = format!("{}_{}", language, full_hash(&word_index));
            (i, word_index, hash)
        })
        .collect();

    // Handle hash collisions sequentially (required for correctness)
    let mut word_indexes: HashMap<String, Vec<u8>> = HashMap::new();
    for (i, word_index, hash) in encoded_chunks {
        let mut short_hash = &hash[0..=(language.len() + 7)];

        // If we hit a collision, extend one hash until we stop colliding
        while word_indexes.contains_key(short_hash) {
            let new_length = short_hash.len() + 1;
            short_hash = &hash[0..=new_length];

            if short_hash.len() == hash.len() {
                break;
            }
        }
        word_indexes.insert(short_hash.to_string(), word_index);
        meta.index_chunks[i].hash = short_hash.into();
    }

    let mut meta_index: Vec<u8> = Vec::new();
    let _ = minicbor::encode::<MetaIndex, &mut Vec<u8>>(meta, meta_index.as_mut());

    let meta_hash = format!(
        "{}_{}",
        language,
        &full_hash(&meta_index)[0..=(language.len() + 7)]
    );

    Ok(PagefindIndexes {
        word_indexes,
        filter_indexes,
        sorts,
        meta_index: (meta_hash, meta_index),
        fragments: final_fragments,
        language,
        word_count,
        page_count,
    })
}

/// Convert fossicked word positions to a packed page's locations.
/// Sorts by weight (with common weight 25 first) then by position for delta encoding.
/// beian patch: what was `positions_to_packed_page`, appended to `out`
/// (a page's own list of places, in `PageWords::pack`) instead of a new
/// list; `positions` are sorted for it.
fn encode_positions(positions: &mut [FossickedWord], out: &mut Vec<i32>) {
    // A page weight of 1 is encoded as 25. Since most words should be this weight,
    // we want to sort them to be first in the locations array to reduce filesize
    // when we inline weight changes.
    // We then sort by position within each weight group,
    // which helps us delta encode the index.
    // beian patch: a stable sort by the same key, as `sort_by_cached_key`'s
    // is, skipped when the positions are already in order, as most are
    // (read in order, at one weight).
    let key = |p: &FossickedWord| (if p.weight == 25 { 0 } else { p.weight }, p.position);
    if !positions.is_sorted_by_key(key) {
        positions.sort_by_key(key);
    }

    let mut current_weight = 25;
    out.reserve(positions.len());
    let mut last_position = 0;

    // Calculate our output list of positions with weights.
    // This is a vec of page positions, with a change in weight for subsequent positions
    // denoted by a negative integer.
    for &FossickedWord {
        position, weight, ..
    } in positions.iter()
    {
        if weight != current_weight {
            // Weight change: emit marker + absolute position, new delta base
            out.push(-(weight as i32) - 1);
            out.push(position as i32);
            last_position = position;
            current_weight = weight;
        } else {
            // emit delta from previous position
            out.push((position - last_position) as i32);
            last_position = position;
        }
    }
}


/// beian patch: one page's packed words, and its metadata words with their
/// encoded places, each kind sorted by shard.
struct PageWordsAndMeta<'a> {
    page_number: usize,
    words: &'a page_words::PageWords,
    meta_words: Vec<MetaWord>,
    /// The metadata words of shard `s` are `meta_words[meta_starts[s]..meta_starts[s + 1]]`.
    meta_starts: Vec<u32>,
}

/// beian patch: a word in the page's metadata, or a form of it with other
/// diacritics; without places when only its other forms are there.
struct MetaWord {
    word: String,
    form: Option<String>,
    meta_locs: Option<Vec<i32>>,
}

/// beian patch: a word of the index as merged: its pages, then each other
/// form's, as `PackedWord` will hold them; borrowed from the pages.
#[derive(Default)]
struct MergedWord<'a> {
    pages: Vec<PageRef<'a>>,
    variants: Vec<(&'a str, Vec<PageRef<'a>>)>,
}

/// 24 bytes, for there is one for each word of each page: the page's
/// metadata places are found through it, by page and place in
/// [`PageWordsAndMeta::meta_words`], rather than held here.
struct PageRef<'a> {
    locs: &'a [i32],
    page_number: u32,
    /// Its index in the page's `meta_words`, or [`NO_META`].
    meta: u32,
}

const NO_META: u32 = u32::MAX;

impl PageRef<'_> {
    fn meta_locs<'p>(&self, pages: &'p [PageWordsAndMeta]) -> &'p [i32] {
        if self.meta == NO_META {
            return &[];
        }
        pages
            .get(self.page_number as usize)
            .and_then(|p| p.meta_words.get(self.meta as usize))
            .and_then(|m| m.meta_locs.as_deref())
            .unwrap_or(&[])
    }
}

impl<'a> MergedWord<'a> {
    fn variant(&mut self, form: &'a str) -> &mut Vec<PageRef<'a>> {
        let at = match self.variants.iter().position(|(f, _)| *f == form) {
            Some(at) => at,
            None => {
                self.variants.push((form, Vec::new()));
                self.variants.len() - 1
            }
        };
        &mut self.variants[at].1
    }

    /// What Pagefind counts towards a chunk's size.
    fn size(&self, all: &[PageWordsAndMeta]) -> usize {
        self.pages
            .iter()
            .chain(self.variants.iter().flat_map(|(_, pages)| pages))
            .map(|p| p.locs.len() + p.meta_locs(all).len() + 1)
            .sum::<usize>()
            + self.variants.len()
    }
}

/// beian patch: the words of one shard, merged from every page in page
/// order, as Pagefind merged each page's word map into its own: a page's
/// metadata places join its entry for the word, or make one.
fn merge_shard<'a>(pages: &'a [PageWordsAndMeta<'a>], shard: usize) -> Vec<(&'a str, MergedWord<'a>)> {
    let mut map: HashMap<&str, MergedWord> = HashMap::new();
    for page in pages {
        let number = page.page_number as u32;
        for w in page.words.shard(shard) {
            let merged = map.entry(w.word).or_default();
            let list = match w.form {
                None => &mut merged.pages,
                Some(form) => merged.variant(form),
            };
            list.push(PageRef {
                page_number: number,
                locs: w.locs,
                meta: NO_META,
            });
        }
        let range = page.meta_starts[shard] as usize..page.meta_starts[shard + 1] as usize;
        for (at, m) in page.meta_words[range.clone()].iter().enumerate() {
            let meta = (range.start + at) as u32;
            let merged = map.entry(m.word.as_str()).or_default();
            if m.meta_locs.is_none() {
                continue;
            }
            let list = match &m.form {
                None => &mut merged.pages,
                Some(form) => merged.variant(form),
            };
            match list.last_mut() {
                Some(last) if last.page_number == number => last.meta = meta,
                _ => list.push(PageRef {
                    page_number: number,
                    locs: &[],
                    meta,
                }),
            }
        }
    }
    map.into_iter().collect()
}

/// beian patch: [`chunk_index`] of merged words.
fn chunk_merged<'a>(
    mut words: Vec<(&'a str, MergedWord<'a>)>,
    chunk_size: usize,
    all: &[PageWordsAndMeta],
) -> Vec<Vec<(&'a str, MergedWord<'a>)>> {
    // Each word once, so unstable is the same order.
    words.sort_unstable_by(|a, b| a.0.cmp(b.0));
    chunk_by_size(words, chunk_size, |w| w.1.size(all))
}

/// beian patch: Pagefind's chunking of sorted words, for any form of a
/// word: a chunk ends once the sizes of its words reach `chunk_size`.
fn chunk_by_size<T>(words: Vec<T>, chunk_size: usize, size: impl Fn(&T) -> usize) -> Vec<Vec<T>> {
    let mut index_chunks = Vec::new();
    let mut index_chunk = Vec::new();
    let mut index_chunk_size = 0;
    for word in words {
        index_chunk_size += size(&word);
        index_chunk.push(word);
        if index_chunk_size >= chunk_size {
            index_chunks.push(std::mem::take(&mut index_chunk));
            index_chunk_size = 0;
        }
    }
    if !index_chunk.is_empty() {
        index_chunks.push(index_chunk);
    }
    index_chunks
}

/// beian patch: a word's pages as the index stores them, each page's number
/// the difference from the one before.
fn delta_pages<'a>(pages: &[PageRef<'a>], all: &'a [PageWordsAndMeta]) -> Vec<PackedPageRef<'a>> {
    let mut last_page = 0;
    pages
        .iter()
        .map(|p| {
            let number = p.page_number as usize;
            let delta = number - last_page;
            last_page = number;
            PackedPageRef {
                page_number: delta,
                locs: p.locs,
                meta_locs: p.meta_locs(all),
            }
        })
        .collect()
}

#[cfg(test)]
fn chunk_index(word_map: Vec<PackedWord>, chunk_size: usize) -> Vec<Vec<PackedWord>> {
    // beian patch: the words come merged (each once), so an unstable sort
    // gives the same order, without a copy of every word to sort by.
    let mut words = word_map;
    words.sort_unstable_by(|a, b| a.word.cmp(&b.word));
    chunk_by_size(words, chunk_size, |word| {
        word.pages
            .iter()
            .chain(word.additional_variants.iter().flat_map(|v| &v.pages))
            .map(|p| p.locs.len() + p.meta_locs.len() + 1)
            .sum::<usize>()
            + word.additional_variants.len()
    })
}

#[cfg(test)]
fn chunk_meta(indexes: &[Vec<PackedWord>]) -> Vec<MetaChunk> {
    chunk_meta_of(
        indexes
            .iter()
            .map(|chunk| {
                (
                    chunk.first().map_or("".into(), |w| w.word.clone()),
                    chunk.last().map_or("".into(), |w| w.word.clone()),
                )
            })
            .collect(),
    )
}

/// beian patch: [`chunk_meta`] of each chunk's first and last word.
fn chunk_meta_of(bounds: Vec<(String, String)>) -> Vec<MetaChunk> {
    let mut named_chunks: Vec<MetaChunk> = Vec::new();

    for (from, to) in bounds {
        named_chunks.push(MetaChunk {
            from,
            to,
            hash: "".into(),
        });
    }
    if named_chunks.len() > 1 {
        for i in 0..named_chunks.len() - 1 {
            let chunks = &mut named_chunks[i..=i + 1];
            let prefixes = get_prefixes((&chunks[0].to, &chunks[1].from));
            // Only trim 'to' if it won't create an invalid range (to < from)
            if prefixes.0 >= chunks[0].from {
                chunks[0].to = prefixes.0;
            }
            // Always trim the next chunk's 'from'
            chunks[1].from = prefixes.1;
        }
    }

    named_chunks
}

fn get_prefixes((a, b): (&str, &str)) -> (String, String) {
    let common_prefix_length: usize = b
        .chars()
        .zip(a.chars())
        .take_while(|&(a, b)| a == b)
        .count();

    let a_prefix = a.chars().take(common_prefix_length + 1).collect::<String>();
    let b_prefix = b.chars().take(common_prefix_length + 1).collect::<String>();

    (a_prefix, b_prefix)
}

fn parse_int_sort(value: &str) -> Option<i32> {
    lexical_core::parse::<i32>(value.as_bytes()).ok()
}

fn parse_float_sort(value: &str) -> Option<f32> {
    lexical_core::parse::<f32>(value.as_bytes()).ok()
}

/// Encode meta positions with field ID markers.
/// Negative numbers switch field IDs, positive numbers are delta-encoded positions.
/// e.g., [-1, 0, 5, -4, 2] means: field 0 positions [0, 5], field 3 positions [2]
fn meta_positions_to_packed(mut positions: Vec<MetaFossickedWord>) -> Vec<i32> {
    if positions.is_empty() {
        return vec![];
    }

    positions.sort_by_key(|p| (p.field_id, p.position));

    let mut current_field: Option<u16> = None;
    let mut last_position: u32 = 0;
    let mut result = Vec::with_capacity(positions.len() + 8);

    for MetaFossickedWord {
        field_id, position, ..
    } in positions
    {
        if Some(field_id) != current_field {
            result.push(-((field_id as i32) + 1));
            current_field = Some(field_id);
            last_position = 0;
        }
        result.push((position - last_position) as i32);
        last_position = position;
    }

    result
}

#[cfg(test)]
mod tests {
    use super::*;

    trait Mock {
        fn word(&mut self, word: &str, page_number: usize, locs: Vec<i32>);
    }
    impl Mock for HashMap<String, PackedWord> {
        fn word(&mut self, word: &str, page_number: usize, locs: Vec<i32>) {
            let page = PackedPage {
                page_number,
                locs,
                meta_locs: vec![],
            };
            match self.get_mut(word) {
                Some(w) => w.pages.push(page),
                None => {
                    let _ = self.insert(
                        word.into(),
                        PackedWord {
                            word: word.into(),
                            pages: vec![page],
                            additional_variants: vec![],
                        },
                    );
                }
            }
        }
    }

    fn test_words() -> HashMap<String, PackedWord> {
        let mut words = HashMap::new();
        words.word("apple", 1, vec![20, 40, 60]);
        words.word("apple", 5, vec![3, 6, 9]);
        words.word("apricot", 5, vec![45, 3432, 6003]);
        words.word("banana", 5, vec![100, 500, 900, 566]);
        words.word("peach", 5, vec![383, 2, 678]);

        words
    }

    /// The same postings, but held as diacritic variants rather than on the word itself
    fn test_variant_words() -> HashMap<String, PackedWord> {
        let mut words = test_words();
        for word in words.values_mut() {
            word.additional_variants.push(PackedVariant {
                form: format!("{}\u{0301}", word.word),
                pages: std::mem::take(&mut word.pages),
            });
        }
        words
    }

    #[test]
    fn build_index_chunks() {
        let chunks = chunk_index(test_words().into_values().collect(), 8);

        assert_eq!(chunks.len(), 3);
        assert_eq!(chunks[0][0].word, "apple");
        assert_eq!(chunks[1][0].word, "apricot");
        assert_eq!(chunks[1][1].word, "banana");
        assert_eq!(chunks[2][0].word, "peach");
    }

    #[test]
    fn build_index_chunks_from_variant_words() {
        let chunks = chunk_index(test_variant_words().into_values().collect(), 8);

        assert_eq!(chunks.len(), 3);
        assert_eq!(chunks[0][0].word, "apple");
        assert_eq!(chunks[1][0].word, "apricot");
        assert_eq!(chunks[1][1].word, "banana");
        assert_eq!(chunks[2][0].word, "peach");
    }

    #[test]
    fn build_chunk_meta() {
        let chunks = chunk_index(test_words().into_values().collect(), 8);
        let meta = chunk_meta(&chunks);
        assert_eq!(meta.len(), 3);
        assert_eq!(
            meta[0],
            MetaChunk {
                from: "apple".into(),
                to: "apple".into(), // Not trimmed to "app" since that would make to < from
                hash: "".into(),
            }
        );
        assert_eq!(
            meta[1],
            MetaChunk {
                from: "apr".into(),
                to: "b".into(),
                hash: "".into(),
            }
        );
        assert_eq!(
            meta[2],
            MetaChunk {
                from: "p".into(),
                to: "peach".into(),
                hash: "".into(),
            }
        );
    }

    #[test]
    fn common_prefix() {
        assert_eq!(
            get_prefixes(("apple", "apricot")),
            ("app".into(), "apr".into())
        );
        assert_eq!(
            get_prefixes(("cataraman", "yacht")),
            ("c".into(), "y".into())
        );
        assert_eq!(
            get_prefixes(("cath", "cathartic")),
            ("cath".into(), "catha".into())
        );
        // This should be an invalid state, but just in case:
        assert_eq!(
            get_prefixes(("catha", "cath")),
            ("catha".into(), "cath".into())
        );
    }
}
