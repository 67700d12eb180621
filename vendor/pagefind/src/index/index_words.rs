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
#[cfg(test)] // beian patch: the borrowed forms below are encoded instead
#[derive(Encode, Clone, Debug)]
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
pub struct PackedWordRef<'a> {
    pub word: &'a str,
    pub pages: Vec<PackedPageRef<'a>>,
    pub additional_variants: Vec<PackedVariantRef<'a>>,
}

/// beian patch: [`PackedVariant`], borrowed.
pub struct PackedVariantRef<'a> {
    pub form: &'a str,
    pub pages: Vec<PackedPageRef<'a>>,
}

/// beian patch: what `#[derive(Encode)]` wrote for [`PackedWord`].
impl<C> minicbor::Encode<C> for PackedWordRef<'_> {
    fn encode<W: minicbor::encode::Write>(
        &self,
        e: &mut minicbor::Encoder<W>,
        ctx: &mut C,
    ) -> Result<(), minicbor::encode::Error<W::Error>> {
        e.array(3)?.str(self.word)?;
        encode_pages(e, &self.pages, ctx)?;
        e.array(self.additional_variants.len() as u64)?;
        for variant in &self.additional_variants {
            variant.encode(e, ctx)?;
        }
        Ok(())
    }
}

/// beian patch: what `#[derive(Encode)]` wrote for [`PackedVariant`].
impl<C> minicbor::Encode<C> for PackedVariantRef<'_> {
    fn encode<W: minicbor::encode::Write>(
        &self,
        e: &mut minicbor::Encoder<W>,
        ctx: &mut C,
    ) -> Result<(), minicbor::encode::Error<W::Error>> {
        e.array(2)?.str(self.form)?;
        encode_pages(e, &self.pages, ctx)
    }
}

/// How many pages ahead a word's places are asked for.
const PREFETCH_AHEAD: usize = 8;

/// A word's pages, as a CBOR array. Each page's places were packed with
/// the page, so a word's places are spread over the memory of every page
/// it is on, and encoding them was mostly waiting for them to arrive: the
/// places of the pages a few ahead are asked for while this one is written.
fn encode_pages<C, W: minicbor::encode::Write>(
    e: &mut minicbor::Encoder<W>,
    pages: &[PackedPageRef<'_>],
    ctx: &mut C,
) -> Result<(), minicbor::encode::Error<W::Error>> {
    e.array(pages.len() as u64)?;
    for (i, page) in pages.iter().enumerate() {
        if let Some(ahead) = pages.get(i + PREFETCH_AHEAD) {
            prefetch(ahead.locs.as_ptr());
        }
        page.encode(e, ctx)?;
    }
    Ok(())
}

/// A hint to bring the cache line at `at` in; it reads nothing, so any
/// address will do, and off x86-64 it does nothing.
#[inline(always)]
fn prefetch(at: *const i32) {
    #[cfg(target_arch = "x86_64")]
    // SAFETY: a prefetch never faults and changes no memory; SSE, which it
    // needs, is part of every x86-64 processor.
    #[allow(unused_unsafe)]
    unsafe {
        core::arch::x86_64::_mm_prefetch::<{ core::arch::x86_64::_MM_HINT_T0 }>(at.cast());
    }
    #[cfg(not(target_arch = "x86_64"))]
    let _ = at;
}

/// beian patch: [`PackedPage`], borrowed.
pub struct PackedPageRef<'a> {
    pub page_number: usize,
    pub locs: &'a [i32],
    pub meta_locs: &'a [i32],
}

/// beian patch: what `#[derive(Encode)]` wrote for [`PackedPage`] (an
/// array of its three fields), but each list of places is written in a
/// few calls to the writer, not one or two per place: the index's places
/// are most of its bytes.
impl<C> minicbor::Encode<C> for PackedPageRef<'_> {
    fn encode<W: minicbor::encode::Write>(
        &self,
        e: &mut minicbor::Encoder<W>,
        _: &mut C,
    ) -> Result<(), minicbor::encode::Error<W::Error>> {
        e.array(3)?.u64(self.page_number as u64)?;
        encode_i32s(e, self.locs)?;
        encode_i32s(e, self.meta_locs)
    }
}

/// A CBOR array of `values`, as `Encoder::array` and `Encoder::i32` write it.
fn encode_i32s<W: minicbor::encode::Write>(
    e: &mut minicbor::Encoder<W>,
    values: &[i32],
) -> Result<(), minicbor::encode::Error<W::Error>> {
    e.array(values.len() as u64)?;
    let mut buf = [0u8; 512];
    let mut len = 0;
    for &x in values {
        // Room for the longest, a head and four bytes.
        if len + 5 > buf.len() {
            e.writer_mut()
                .write_all(&buf[..len])
                .map_err(minicbor::encode::Error::write)?;
            len = 0;
        }
        // Major type 0 for a positive number, 1 for a negative, which holds -1 - x.
        let (major, n) = if x >= 0 { (0x00, x as u32) } else { (0x20, (-1 - x) as u32) };
        match n {
            0..=0x17 => {
                buf[len] = major | n as u8;
                len += 1;
            }
            0x18..=0xff => {
                buf[len..len + 2].copy_from_slice(&[major | 24, n as u8]);
                len += 2;
            }
            0x100..=0xffff => {
                buf[len] = major | 25;
                buf[len + 1..len + 3].copy_from_slice(&(n as u16).to_be_bytes());
                len += 3;
            }
            _ => {
                buf[len] = major | 26;
                buf[len + 1..len + 5].copy_from_slice(&n.to_be_bytes());
                len += 5;
            }
        }
    }
    e.writer_mut()
        .write_all(&buf[..len])
        .map_err(minicbor::encode::Error::write)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// beian patch: `PackedWordRef` and `PackedVariantRef` write what the
    /// derived encodings of `PackedWord` and `PackedVariant` write, with
    /// more pages than are fetched ahead and fewer.
    #[test]
    fn borrowed_word_encodes_as_the_derived_one() {
        let locs: Vec<Vec<i32>> = (0..42).map(|i| (0..i % 7).map(|p| p * 30 - 40).collect()).collect();
        for pages in [0, 1, 3, 8, 9, 40] {
            for variants in [0, 1, 2] {
                let owned_pages = |n: usize| -> Vec<PackedPage> {
                    (0..n)
                        .map(|p| PackedPage { page_number: p * 3, locs: locs[p].clone(), meta_locs: vec![] })
                        .collect()
                };
                let borrowed_pages = |n: usize| -> Vec<PackedPageRef> {
                    (0..n)
                        .map(|p| PackedPageRef { page_number: p * 3, locs: &locs[p], meta_locs: &[] })
                        .collect()
                };
                let owned = PackedWord {
                    word: "word".into(),
                    pages: owned_pages(pages),
                    additional_variants: (0..variants)
                        .map(|v| PackedVariant { form: format!("wörd{v}"), pages: owned_pages(pages + v) })
                        .collect(),
                };
                let forms: Vec<String> = (0..variants).map(|v| format!("wörd{v}")).collect();
                let borrowed = PackedWordRef {
                    word: "word",
                    pages: borrowed_pages(pages),
                    additional_variants: (0..variants)
                        .map(|v| PackedVariantRef { form: &forms[v], pages: borrowed_pages(pages + v) })
                        .collect(),
                };
                assert_eq!(
                    minicbor::to_vec(&borrowed).unwrap(),
                    minicbor::to_vec(&owned).unwrap(),
                    "{pages} pages, {variants} variants"
                );
            }
        }
    }

    /// beian patch: `PackedPageRef` writes what the derived encoding of
    /// `PackedPage` writes, at every length of CBOR number and list.
    #[test]
    fn borrowed_page_encodes_as_the_derived_one() {
        let edges = [
            0, 1, 23, 24, 255, 256, 65535, 65536, i32::MAX, -1, -24, -25, -256, -257, -65536,
            -65537, i32::MIN,
        ];
        let mut lists: Vec<Vec<i32>> = vec![vec![], edges.to_vec()];
        // Long enough to fill the buffer several times, in every width.
        lists.push((0..3000).map(|i| edges[i % edges.len()]).collect());
        lists.push((0..70_000).collect());
        for page_number in [0, 23, 24, 70_000] {
            for locs in &lists {
                for meta_locs in &lists[..2] {
                    let owned = PackedPage {
                        page_number,
                        locs: locs.clone(),
                        meta_locs: meta_locs.clone(),
                    };
                    let borrowed = PackedPageRef {
                        page_number,
                        locs,
                        meta_locs,
                    };
                    assert_eq!(
                        minicbor::to_vec(&borrowed).unwrap(),
                        minicbor::to_vec(&owned).unwrap()
                    );
                }
            }
        }
    }
}
