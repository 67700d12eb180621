use minicbor::Encode;

/// The word index chunks in `pagefind/index/`

/// A single word as an inverse index of all locations on the site
#[cfg(test)] // beian patch: the borrowed forms below are encoded instead
#[derive(Encode, Clone, Debug)]
pub struct PackedWord {
    #[n(0)]
    pub word: String,
    #[n(1)]
    pub pages: Vec<PackedPage>,
    #[n(2)]
    pub additional_variants: Vec<PackedVariant>,
}

/// A variant of a word with different diacritics (e.g., "café" vs "cafe")
#[cfg(test)] // beian patch: the borrowed forms below are encoded instead
#[derive(Encode, Clone, Debug)]
pub struct PackedVariant {
    #[n(0)]
    pub form: String,
    #[n(1)]
    pub pages: Vec<PackedPage>,
}

/// A set of locations on a given page
#[derive(Encode, Clone, Debug)]
// beian patch: pages are packed by `PageWords` and encoded through
// `PackedPageRef`; only the tests still build this.
#[cfg_attr(not(test), allow(dead_code))]
pub struct PackedPage {
    #[n(0)]
    pub page_number: usize, // Won't exceed u32 but saves us some into()s
    #[n(1)]
    pub locs: Vec<i32>,
    #[n(2)]
    pub meta_locs: Vec<i32>,
}

/// beian patch: a word index chunk (`pagefind/index/*.pf_index`),
/// borrowing its words and places from the pages they were merged from;
/// encoded to the same bytes as Pagefind's `WordIndex`, without copying
/// every page's places first.
#[derive(Encode)]
pub struct WordIndexRef<'a> {
    #[n(0)]
    pub words: Vec<PackedWordRef<'a>>,
}

/// beian patch: [`PackedWord`], borrowed.
#[derive(Encode)]
pub struct PackedWordRef<'a> {
    #[n(0)]
    pub word: &'a str,
    #[n(1)]
    pub pages: Vec<PackedPageRef<'a>>,
    #[n(2)]
    pub additional_variants: Vec<PackedVariantRef<'a>>,
}

/// beian patch: [`PackedVariant`], borrowed.
#[derive(Encode)]
pub struct PackedVariantRef<'a> {
    #[n(0)]
    pub form: &'a str,
    #[n(1)]
    pub pages: Vec<PackedPageRef<'a>>,
}

/// beian patch: [`PackedPage`], borrowed.
#[derive(Encode)]
pub struct PackedPageRef<'a> {
    #[n(0)]
    pub page_number: usize,
    #[n(1)]
    pub locs: &'a [i32],
    #[n(2)]
    pub meta_locs: &'a [i32],
}
