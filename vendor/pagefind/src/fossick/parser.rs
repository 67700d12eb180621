use lazy_static::lazy_static;
use lol_html::html_content::Element;
use lol_html::{element, text, HtmlRewriter, Selector, Settings};
use regex::Regex;
use std::cell::RefCell;
use std::collections::BTreeMap;
use std::default::Default;
use std::rc::Rc;

use crate::SearchOptions;

use super::normalize_content;

// beian patch: see `reader.rs`
#[path = "reader.rs"]
mod reader;
pub(crate) use reader::read as read_well_formed;

lazy_static! {
    static ref ALL_SPACES: Regex = Regex::new("\\s").unwrap();
    static ref SENTENCE_CHARS: Regex = Regex::new("[\\w'\"\\)\\$\\*]").unwrap();
}
lazy_static! {
    static ref ATTRIBUTE_MATCH: Regex =
        Regex::new("^\\s*(?P<name>[^:\\[\\]]+)\\[(?P<attribute>.+)\\]\\s*$").unwrap();
}

const SENTENCE_SELECTORS: &[&'static str] = &[
    "h1", "h2", "h3", "h4", "h5", "h6", "p", "td", "div", "ul", "li", "article", "section",
];
const INLINE_SELECTORS: &[&'static str] = &[
    "a", "abbr", "acronym", "b", "bdo", "big", "br", "button", "cite", "code", "dfn", "em", "i",
    "img", "input", "kbd", "label", "map", "object", "output", "q", "samp", "script", "select",
    "small", "span", "strong", "sub", "sup", "textarea", "time", "tt", "var",
];
const REMOVE_SELECTORS: &[&'static str] = &[
    "head", "style", "script", "noscript", "label", "form", "svg", "footer", "nav", "iframe",
    "template",
];
const SPACE_SELECTORS: &[&'static str] = &["br"];

// We aren't transforming HTML, just parsing, so we dump the output.
#[derive(Default)]
struct EmptySink;
impl lol_html::OutputSink for EmptySink {
    fn handle_chunk(&mut self, _: &[u8]) {}
}

/// Houses the HTML parsing instance and the internal data while parsing
pub struct DomParser<'a> {
    rewriter: HtmlRewriter<'a, EmptySink>,
    data: Rc<RefCell<DomParserData>>,
}

// The internal state while parsing,
// with a reference to the deepest HTML element
// that we're currently reading
#[derive(Default, Debug)]
struct DomParserData {
    current_node: Rc<RefCell<DomParsingNode>>,
    filters: BTreeMap<String, Vec<String>>,
    sort: BTreeMap<String, String>,
    meta: BTreeMap<String, String>,
    default_meta: BTreeMap<String, String>,
    anchor_content: BTreeMap<String, String>,
    anchor_titles: BTreeMap<String, String>,
    language: Option<String>,
    has_html_element: bool,
    has_old_bundle_reference: bool,
    has_default_ui_reference: bool,
}

#[derive(Clone, Copy, Debug, PartialEq)]
enum NodeStatus {
    Indexing,
    // Our content & children should not be indexed
    Ignored,
    // Our content & children should be excluded entirely
    // (including meta / filters)
    Excluded,
    Body,
    // There was a body element below us,
    // so our content should be ignored.
    ParentOfBody,
}

impl Default for NodeStatus {
    fn default() -> Self {
        Self::Indexing
    }
}

// A single HTML element that we're reading into.
// Contains a reference to the parent element,
// and since we collapse this tree upwards while we parse,
// we don't need to store tree structure.
#[derive(Default, Debug)]
struct DomParsingNode {
    current_value: String,
    parent: Option<Rc<RefCell<DomParsingNode>>>,
    filter: Option<Vec<String>>,
    sort: Option<Vec<String>>,
    meta: Option<Vec<String>>,
    default_meta: Option<Vec<String>>,
    weight: Option<String>,
    anchor_ids: Option<Vec<String>>,
    status: NodeStatus,
}

/// The search-relevant data that was retrieved from the given input
#[derive(Debug)]
pub struct DomParserResult {
    pub digest: String,
    pub filters: BTreeMap<String, Vec<String>>,
    pub sort: BTreeMap<String, String>,
    pub meta: BTreeMap<String, String>,
    pub anchor_content: BTreeMap<String, String>,
    pub anchor_titles: BTreeMap<String, String>,
    pub has_custom_body: bool,
    pub force_inclusion: bool, // Include this page even if there is no body
    pub has_html_element: bool,
    pub has_old_bundle_reference: bool,
    pub has_default_ui_reference: bool,
    pub language: String,
}

// Some shorthand to clean up our use of Rc<RefCell<*>> in the lol_html macros
// From https://github.com/rust-lang/rfcs/issues/2407#issuecomment-385291238
macro_rules! enclose {
    ( ($( $x:ident ),*) $y:expr ) => {
        {
            $(let $x = $x.clone();)*
            $y
        }
    };
}

impl<'a> DomParser<'a> {
    pub fn new(options: &'a SearchOptions) -> Self {
        let data = Rc::new(RefCell::new(DomParserData::default()));
        let root = format!("{}, {} *", options.root_selector, options.root_selector);
        let mut custom_exclusions = options.exclude_selectors.clone();
        custom_exclusions.extend(REMOVE_SELECTORS.iter().map(|s| s.to_string()));
        let custom_exclusions = custom_exclusions
            .iter()
            .filter_map(|e| {
                let selector = format!("{} {}", options.root_selector, e);
                match selector.parse::<Selector>() {
                    Ok(_) => Some(selector),
                    Err(error) => {
                        options.logger.warn(format!(
                            "Ignoring the exclude selector {e:?}, which Pagefind can't parse: {error}. Indexing will continue without it."
                        ));
                        None
                    }
                }
            })
            .collect::<Vec<_>>()
            .join(", ");
        let mut anchor_counter = 0;

        let rewriter = HtmlRewriter::new(
            vec![
                    enclose! { (data) element!("html", move |el| {
                        start_html(&mut data.borrow_mut(), el.get_attribute("lang"));
                        Ok(())
                    })},
                    enclose! { (data) element!(root, move |el| {
                        // beian patch: the handlers are functions that `reader` calls too
                        let tag_name = el.tag_name();
                        let can_have_content = el.can_have_content();
                        let node = start_element(&data, options, &mut anchor_counter, &tag_name, PagefindAttributes::of(el), &*el, can_have_content);
                        if let (Some(node), Some(handlers)) = (node, el.end_tag_handlers()) {
                            handlers.push(Box::new(enclose! { (data) move |end| {
                                end_element(&data, &node, &tag_name, &end.name());
                                Ok(())
                            }}));
                        }
                        Ok(())
                    })},
                    // If we hit a selector that should be excluded, mark whatever the current node is as such
                    enclose! { (data) element!(custom_exclusions, move |_el| {
                        exclude_current(&data.borrow());
                        Ok(())
                    })},
                    // Slap any text we encounter inside the body into the current node's current value
                    enclose! { (data) text!(&options.root_selector, move |el| {
                        add_text(&mut data.borrow_mut(), el.as_str());
                        Ok(())
                    })},
                    // Dig into script and style references to see if they refer to pre-1.0 conventions
                    // or the Default UI (pagefind-ui.js / pagefind-modular-ui.js)
                    enclose! { (data) element!("script, link", move |el| {
                        let tag_name = el.tag_name();
                        let reference = match tag_name.as_str() {
                            "script" => el.get_attribute("src"),
                            _ => el.get_attribute("href"),
                        };
                        note_script_or_link(&mut data.borrow_mut(), &tag_name, reference);
                        Ok(())
                    })},
            ]
            .into_iter()
            .fold(Settings::new().with_strict(false), |settings, handler| {
                settings.append_element_content_handler(handler)
            }),
            EmptySink::default(),
        );

        Self { rewriter, data }
    }

    /// Writes a chunk of data to the underlying HTML parser
    pub fn write(&mut self, data: &[u8]) -> Result<(), lol_html::errors::RewritingError> {
        self.rewriter.write(data)
    }

    /// Performs any post-processing and returns the summated search results
    pub fn wrap(self) -> DomParserResult {
        drop(self.rewriter); // Clears the extra Rcs on and within data
        finish(Rc::try_unwrap(self.data).unwrap().into_inner())
    }
}

/// beian patch: whether `reader` reads `html` and, where it does, whether
/// it gives what `DomParser` gives (`Err` shows both); for the tests, here
/// and in beian. An anchor whose text is empty may be missing rather than
/// "": the page's words read both as "".
pub(crate) fn compare_readers(html: &str, options: &SearchOptions) -> Option<Result<(), String>> {
    fn comparable(mut result: DomParserResult) -> String {
        result.anchor_content.retain(|_, text| !text.is_empty());
        format!("{result:#?}")
    }
    let read = comparable(reader::read(html, options)?);
    let mut parser = DomParser::new(options);
    let _ = parser.write(html.as_bytes());
    let parsed = comparable(parser.wrap());
    Some(match read == parsed {
        true => Ok(()),
        false => Err(format!("the reader gave {read}\nlol_html gave {parsed}")),
    })
}

/// beian patch: the end of [`DomParser::wrap`], as a function that `reader`
/// calls too.
fn finish(mut data: DomParserData) -> DomParserResult {
    let mut node = data.current_node;

    // Fallback: If we are left with a tree, collapse it up into the parents
    // until we get to the root node.
    while node.borrow().parent.is_some() {
        {
            let node = node.borrow();
            let mut parent = node.parent.as_ref().unwrap().borrow_mut();
            if parent.status != NodeStatus::ParentOfBody {
                match node.status {
                    NodeStatus::Ignored | NodeStatus::Excluded => {}
                    NodeStatus::Indexing => {
                        parent.current_value.push_str(&node.current_value);
                    }
                    NodeStatus::Body | NodeStatus::ParentOfBody => {
                        parent.current_value.clear();
                        parent.current_value.push_str(&node.current_value);
                        parent.status = NodeStatus::ParentOfBody;
                    }
                };
            }
        }
        let old_node = node.borrow();
        let new_node = Rc::clone(old_node.parent.as_ref().unwrap());
        drop(old_node);
        node = new_node;
    }

    if let Some(image) = data.meta.remove("auto_image") {
        let alt = data.meta.remove("auto_image_alt").unwrap_or_default();
        if !data.meta.contains_key("image") {
            data.meta.insert("image".into(), image);
            data.meta.insert("image_alt".into(), alt);
        }
    }

    if let Some(title) = data.meta.remove("auto_title") {
        if !data.meta.contains_key("title") {
            data.meta.insert("title".into(), title);
        }
    }
    if let Some(title) = data.meta.remove("auto_page_title") {
        if !data.meta.contains_key("title") {
            data.meta.insert("title".into(), title);
        }
    }

    // Merge the collected metadata over top of the defaults, if any
    data.default_meta.extend(data.meta);

    let node = node.borrow();

    DomParserResult {
        digest: normalize_content(&node.current_value),
        filters: data.filters,
        sort: data.sort,
        meta: data.default_meta,
        anchor_content: data.anchor_content,
        anchor_titles: data.anchor_titles,
        has_custom_body: node.status == NodeStatus::ParentOfBody,
        force_inclusion: false,
        has_html_element: data.has_html_element,
        has_old_bundle_reference: data.has_old_bundle_reference,
        has_default_ui_reference: data.has_default_ui_reference,
        language: data
            .language
            .filter(|lang| !lang.is_empty())
            .unwrap_or_else(|| "unknown".into()),
    }
}

/// beian patch: the handlers below were lol_html closures in `DomParser::new`;
/// as functions, `reader` calls them too.
fn start_html(data: &mut DomParserData, lang: Option<String>) {
    data.has_html_element = true;
    if let Some(lang) = lang {
        data.language = Some(lang.to_lowercase());
    }
}

/// If we hit a selector that should be excluded, mark whatever the current node is as such
fn exclude_current(data: &DomParserData) {
    let mut node = data.current_node.borrow_mut();
    node.status = NodeStatus::Ignored;
}

/// Slap any text we encounter inside the body into the current node's current value
fn add_text(data: &mut DomParserData, element_text: &str) {
    let mut node = data.current_node.borrow_mut();
    node.current_value.push_str(element_text);

    let node_is_ignored = node.status == NodeStatus::Ignored || node.status == NodeStatus::Excluded;

    if !node_is_ignored && node.anchor_ids.is_some() {
        let anchor_ids = node.anchor_ids.clone().unwrap();
        drop(node);
        for anchor_id in anchor_ids {
            if let Some(anchor_text) = data.anchor_content.get_mut(&anchor_id) {
                anchor_text.push_str(element_text);
            } else {
                data.anchor_content.insert(anchor_id, element_text.to_string());
            }
        }
    }
}

/// Dig into script and style references to see if they refer to pre-1.0 conventions
/// or the Default UI (pagefind-ui.js / pagefind-modular-ui.js): `reference`
/// is a script's `src` or a link's `href`.
fn note_script_or_link(data: &mut DomParserData, tag_name: &str, reference: Option<String>) {
    let Some(reference) = reference else {
        return;
    };
    if reference.starts_with("_pagefind") || reference.contains("/_pagefind") {
        data.has_old_bundle_reference = true;
    }
    let default_ui = match tag_name {
        "script" => ["pagefind-ui.js", "pagefind-modular-ui.js"],
        _ => ["pagefind-ui.css", "pagefind-modular-ui.css"],
    };
    if default_ui.iter().any(|ui| reference.contains(ui)) {
        data.has_default_ui_reference = true;
    }
}

/// beian patch: what Pagefind did, in two copies, when an element ends
/// (at its end tag, or at once for an element that can have no content):
/// the parent becomes the current node again and, unless the element is
/// excluded entirely, its filters, sort keys and metadata are collected.
/// Whether the element was not excluded.
fn leave_node(data: &mut DomParserData, node: &DomParsingNode) -> bool {
    // When we reach an end tag, we need to
    // make sure to move focus back to the parent node.
    if let Some(parent) = &node.parent {
        data.current_node = Rc::clone(parent);
    }

    // For fully-excluded elements, we want to bail before we
    // even get to filters or metadata.
    if node.status == NodeStatus::Excluded {
        return false;
    }

    // Process filters & meta before we continue
    // (Filters & meta are valid on ignored elements)
    if let Some(filters) = &node.filter {
        for filter in filters {
            if let Some((filter, value)) = node.get_attribute_pair(filter) {
                match data.filters.get_mut(&filter) {
                    Some(filter_arr) => filter_arr.push(normalize_content(&value)),
                    None => {
                        data.filters.insert(filter, vec![
                            normalize_content(&value)
                        ]);
                    }
                }
            }
        }
    }

    if let Some(sorts) = &node.sort {
        for sort in sorts {
            if let Some((sort, value)) = node.get_attribute_pair(sort) {
                data.sort.insert(sort, value);
            }
        }
    }

    if let Some(metas) = &node.meta {
        for meta in metas {
            if let Some((meta, value)) = node.get_attribute_pair(meta) {
                data.meta.insert(meta, value);
            }
        }
    }
    if let Some(metas) = &node.default_meta {
        for meta in metas {
            if let Some((meta, value)) = node.get_attribute_pair(meta) {
                data.default_meta.insert(meta, value);
            }
        }
    }
    true
}

/// beian patch: the handler of an element inside the root, which Pagefind
/// ran as a lol_html closure, as a function that `reader` calls too. Returns
/// the element's node when the element can have content: pass it to
/// [`end_element`] at its end tag.
fn start_element(
    data: &Rc<RefCell<DomParserData>>,
    options: &SearchOptions,
    anchor_counter: &mut usize,
    tag_name: &str,
    attrs: PagefindAttributes,
    el: &dyn ElementAttributes,
    can_have_content: bool,
) -> Option<Rc<RefCell<DomParsingNode>>> {
    let explicit_ignore_flag = attrs.ignore.map(|attr| {
        match attr.to_ascii_lowercase().as_str() {
            "" | "index" | "true" => NodeStatus::Ignored,
            "all" => NodeStatus::Excluded,
            _ => {
                options.logger.warn(format!("data-pagefind-ignore value of \"{}\" is not valid. Expected no value, or one of: [index, all]. Assuming 'all' and excluding this element entirely.", attr));
                NodeStatus::Excluded
            }
        }
    });
    let treat_as_body = attrs.body;
    let weight = attrs.weight;
    let filter = attrs.filter.map(|attr| parse_attr_string(attr, el));
    let element_id = attrs.id.map(|e| ALL_SPACES.replace_all(&e, "").to_string());
    let pagefind_title = attrs.title.map(|title| normalize_content(&title)).filter(|title| !title.is_empty());
    let meta = attrs.meta.map(|attr| parse_attr_string(attr, el));
    let default_meta = attrs.default_meta.map(|attr| parse_attr_string(attr, el));
    let sort = attrs.sort.map(|attr| parse_attr_string(attr, el));
    let index_attrs: Option<Vec<String>> = attrs.index_attrs.map(|attr| attr.split(',').map(|a| a.trim().to_string()).collect());

    let status = if treat_as_body {
        NodeStatus::Body
    } else if let Some(explicit_ignore_flag) = explicit_ignore_flag {
        explicit_ignore_flag
    } else {
        NodeStatus::Indexing
    };

    let mut anchor_id = None;
    if status != NodeStatus::Excluded && status != NodeStatus::Ignored {
        if let Some(element_id) = element_id {
            let parent = &data.borrow().current_node;
            let mut parent = parent.borrow_mut();
            // Don't insert anchors if this node is outside of a body-tree
            if !(parent.status == NodeStatus::ParentOfBody
                && status != NodeStatus::Body
                && status != NodeStatus::ParentOfBody) {
                parent.current_value.push_str(&format!(" ___PAGEFIND_ANCHOR___{tag_name}:{anchor_counter}:{element_id} "));
                anchor_id = Some(format!("{anchor_counter}:{element_id}"));
                *anchor_counter += 1;
            }
        }
    }

    if let (Some(anchor_id), Some(title)) = (&anchor_id, pagefind_title) {
        data.borrow_mut().anchor_titles.insert(anchor_id.clone(), title);
    }

    if status != NodeStatus::Excluded {
        if let Some(attrs) = index_attrs {
            let parent = &data.borrow().current_node;
            for attr in attrs {
                let mut value = el.attribute(attr.trim()).unwrap_or_default();
                if value.chars()
                    .last()
                    .filter(|c| is_sentence_char(*c))
                    .is_some() {
                        value.push('.');
                    }
                let mut parent = parent.borrow_mut();
                parent.current_value.push(' ');
                parent.current_value.push_str(&value);
                parent.current_value.push(' ');
            }
        }
        // Handle adding spaces between words separated by <br/> tags and the like
        if SPACE_SELECTORS.contains(&tag_name) {
            let parent = &data.borrow().current_node;
            let mut parent = parent.borrow_mut();
            parent.current_value.push(' ');
        }
    }

    let node = {
        let mut data = data.borrow_mut();
        let parent_node = data.current_node.borrow();
        let parent_status = parent_node.status;

        let mut node_anchors = if parent_node.anchor_ids.is_some() && INLINE_SELECTORS.contains(&tag_name) {
            parent_node.anchor_ids.clone()
        } else {
            None
        };

        if let Some(this_node_anchor_id) = anchor_id {
            if let Some(existing) = node_anchors.as_mut() {
                existing.push(this_node_anchor_id);
            } else {
                node_anchors = Some(vec![this_node_anchor_id]);
            }
        }

        let node = Rc::new(RefCell::new(DomParsingNode{
            parent: Some(Rc::clone(&data.current_node)),
            status: match parent_status {
                NodeStatus::Excluded => parent_status,
                _ => status,
            },
            filter,
            meta,
            default_meta,
            sort,
            anchor_ids: node_anchors,
            current_value: String::default(),
            weight,
        }));

        drop(parent_node);
        data.current_node = Rc::clone(&node);
        node
    };

    // Try to handle tags like <img /> which have no end tag,
    // and thus will never hit the logic to reset the current node.
    // TODO: This could still be missed for tags with implied ends?
    if !can_have_content {
        let mut data = data.borrow_mut();
        let node = node.borrow();
        if !leave_node(&mut data, &node) {
            return None;
        }

        // Try to capture the first image _after_ a title (if unset)
        if tag_name == "img"
            && !data.meta.contains_key("auto_image")
            && (data.meta.contains_key("auto_title") || data.meta.contains_key("title")) {
            if let Some(src) = el.attribute("src") {
                data.meta.insert("auto_image".into(), normalize_content(&src));

                if let Some(alt) = el.attribute("alt") {
                    data.meta.insert("auto_image_alt".into(), normalize_content(&alt));
                }
            }
        }
    }
    can_have_content.then_some(node)
}

/// beian patch: the handler of an element's end tag, as a function that
/// `reader` calls too; `tag_name` is its start tag's name, `end_name` its
/// end tag's.
fn end_element(
    data: &Rc<RefCell<DomParserData>>,
    node: &Rc<RefCell<DomParsingNode>>,
    tag_name: &str,
    end_name: &str,
) {
    let mut data = data.borrow_mut();
    let mut node = node.borrow_mut();
    if !leave_node(&mut data, &node) {
        return;
    }

    // Try to capture the first title on the page (if unset)
    if tag_name == "h1" && !data.meta.contains_key("auto_title") && !node.current_value.trim().is_empty() {
        data.meta.insert("auto_title".into(), normalize_content(&node.current_value));
    }
    // Try to capture the actual title of the page as a fallback for later
    if tag_name == "title" && !data.meta.contains_key("auto_page_title") {
        data.meta.insert("auto_page_title".into(), normalize_content(&node.current_value));
    }

    // If we bail out now, the content won't be persisted anywhere
    // and the node + children will be dropped.
    if node.status == NodeStatus::Ignored {
        return;
    }

    let tag_name = end_name;
    if SENTENCE_SELECTORS.contains(&tag_name) {
        // For block elements, we want to make sure sentences
        // don't hug each other without whitespace.
        // We normalize repeated whitespace later, so we
        // can add this indiscriminately.
        node.current_value.insert(0, ' ');

        // Similarly, we want to separate block elements
        // with punctuation, so that the excerpts read nicely.
        // (As long as it doesn't already end with, say, a . or ?)
        if node.current_value.chars()
            .last()
            .filter(|c| is_sentence_char(*c))
            .is_some() {
                node.current_value.push('.');
        }
        node.current_value.push(' ');
    }

    if let Some(weight) = &node.weight {
        node.current_value = [
            " ___PAGEFIND_WEIGHT___",
            &weight,
            " ",
            &node.current_value,
            " ___END_PAGEFIND_WEIGHT___ "
        ].concat();
    } else {
        if let Some(auto_weight) = match tag_name {
            "h1" => Some("7".to_string()),
            "h2" => Some("6".to_string()),
            "h3" => Some("5".to_string()),
            "h4" => Some("4".to_string()),
            "h5" => Some("3".to_string()),
            "h6" => Some("2".to_string()),
            _ => None,
        } {
            node.current_value = [
                " ___PAGEFIND_AUTO_WEIGHT___",
                &auto_weight,
                " ",
                &node.current_value,
                " ___END_PAGEFIND_WEIGHT___ "
            ].concat();
        }
    }

    // Huck all of the content we have onto the end of the
    // content that the parent node has (so far)
    // This will include all of our children's content,
    // and the order of tree traversal will mean that it
    // is inserted in the correct position in the parent's content.
    let mut parent = data.current_node.borrow_mut();

    // If the parent is a parent of a body, we don't want to append
    // any more content to it. (Unless, of course, we are representing another body)
    if parent.status == NodeStatus::ParentOfBody
        && node.status != NodeStatus::Body
        && node.status != NodeStatus::ParentOfBody {
            return;
    }
    match node.status {
        NodeStatus::Ignored | NodeStatus::Excluded => {},
        NodeStatus::Indexing => {
            parent.current_value.push_str(&node.current_value);
        },
        NodeStatus::Body | NodeStatus::ParentOfBody => {
            // If our parent is already a parent of a body, then
            // we're probably a subsequent body. Avoid clearing it out.
            if parent.status != NodeStatus::ParentOfBody {
                parent.current_value.clear();
            }
            parent.current_value.push_str(&node.current_value);
            parent.status = NodeStatus::ParentOfBody;
        }
    };
}

/// beian patch: any attribute of an element by name, for what
/// `PagefindAttributes` does not hold (`[attr]` values, the attributes
/// named by `data-pagefind-index-attrs`, an image's `src` and `alt`).
trait ElementAttributes {
    fn attribute(&self, name: &str) -> Option<String>;
}

impl ElementAttributes for Element<'_, '_> {
    fn attribute(&self, name: &str) -> Option<String> {
        self.get_attribute(name)
    }
}

/// beian patch: the attributes Pagefind reads of every element, found in
/// one pass over its attributes instead of one search per name (each
/// lowercasing and encoding the name, and making every attribute anew).
/// A name given twice counts once, as with `get_attribute`: the first wins.
#[derive(Default)]
struct PagefindAttributes {
    ignore: Option<String>,
    body: bool,
    weight: Option<String>,
    filter: Option<String>,
    id: Option<String>,
    title: Option<String>,
    meta: Option<String>,
    default_meta: Option<String>,
    sort: Option<String>,
    index_attrs: Option<String>,
}

impl PagefindAttributes {
    fn of(el: &Element) -> Self {
        let mut found = Self::default();
        for attr in el.attributes() {
            found.take(&attr.name(), || attr.value());
        }
        found
    }

    /// Keeps an attribute, given its name in lower case, if it is one
    /// Pagefind reads and the first of its name.
    fn take(&mut self, name: &str, value: impl FnOnce() -> String) {
        let slot = match name {
            "id" => &mut self.id,
            "data-pagefind-body" => {
                self.body = true;
                return;
            }
            "data-pagefind-ignore" => &mut self.ignore,
            "data-pagefind-weight" => &mut self.weight,
            "data-pagefind-filter" => &mut self.filter,
            "data-pagefind-title" => &mut self.title,
            "data-pagefind-meta" => &mut self.meta,
            "data-pagefind-default-meta" => &mut self.default_meta,
            "data-pagefind-sort" => &mut self.sort,
            "data-pagefind-index-attrs" => &mut self.index_attrs,
            _ => return,
        };
        if slot.is_none() {
            *slot = Some(value());
        }
    }
}

/// beian patch: whether `SENTENCE_CHARS` matches one character, without a
/// `String` and a regex search at the end of every block element: for
/// ASCII, where `\w` is `[0-9A-Za-z_]`, answered directly; any other
/// character is asked of the regex as before.
fn is_sentence_char(c: char) -> bool {
    if c.is_ascii() {
        c.is_ascii_alphanumeric() || matches!(c, '_' | '\'' | '"' | ')' | '$' | '*')
    } else {
        SENTENCE_CHARS.is_match(c.encode_utf8(&mut [0; 4]))
    }
}

fn parse_attr_string(input: String, el: &dyn ElementAttributes) -> Vec<String> {
    if let Some((attrs, literal)) = input.split_once(':') {
        let mut attrs = parse_attr_string(attrs.to_owned(), el);
        if let Some(last) = attrs.last_mut() {
            last.push(':');
            last.push_str(literal);
        }
        return attrs;
    }
    input
        .split(',')
        .map(|chunk| {
            let chunk = chunk.trim();
            if let Some(value) = ATTRIBUTE_MATCH.captures(chunk) {
                let name = value.name("name").unwrap().as_str().to_owned();
                let attr = value.name("attribute").unwrap().as_str().to_owned();
                format!("{}:{}", name, el.attribute(&attr).unwrap_or_default())
            } else {
                chunk.to_owned()
            }
        })
        .collect()
}

impl DomParsingNode {
    fn get_attribute_pair(&self, input: &str) -> Option<(String, String)> {
        match input.split_once(':') {
            Some((filter, value)) => Some((filter.to_owned(), normalize_content(&value))),
            None => {
                if self.current_value.is_empty() {
                    None
                } else {
                    Some((input.to_owned(), normalize_content(&self.current_value)))
                }
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// beian patch: `is_sentence_char` answers as the regex did.
    #[test]
    fn sentence_chars_are_the_ones_the_regex_matched() {
        let non_ascii = ['é', '字', '٣', '\u{301}', '\u{200d}', '。', '’', '”', '\u{a0}', '€'];
        for c in (0u8..128).map(char::from).chain(non_ascii) {
            assert_eq!(
                is_sentence_char(c),
                SENTENCE_CHARS.is_match(&c.to_string()),
                "{c:?}"
            );
        }
    }

    #[test]
    fn get_filter_from_node() {
        let mut node = DomParsingNode::default();

        assert_eq!(node.get_attribute_pair("color"), None);

        node.current_value = "White".into();
        assert_eq!(
            node.get_attribute_pair("color"),
            Some(("color".into(), "White".into()))
        );

        assert_eq!(
            node.get_attribute_pair("color:auburn"),
            Some(("color".into(), "auburn".into()))
        );

        assert_eq!(
            node.get_attribute_pair("color:ye:llow"),
            Some(("color".into(), "ye:llow".into()))
        );
    }

    fn default_options() -> SearchOptions {
        use clap::CommandFactory;
        let config_args = vec![twelf::Layer::Clap(
            crate::PagefindInboundConfig::command().get_matches_from(vec![
                "pagefind",
                "--source",
                "not_important",
            ]),
        )];
        SearchOptions::load(crate::PagefindInboundConfig::with_layers(&config_args).unwrap())
            .unwrap()
    }

    /// beian patch: whether `reader` reads `html`; where it does, it must
    /// give what `DomParser` gives.
    fn reader_agrees(html: &str, options: &SearchOptions) -> bool {
        match compare_readers(html, options) {
            None => false,
            Some(Ok(())) => true,
            Some(Err(difference)) => panic!("{html}\n{difference}"),
        }
    }

    /// beian patch: pages the reader reads, each with what could go wrong
    /// in reading it, and pages it must leave to `DomParser`.
    #[test]
    fn the_reader_reads_well_formed_pages_as_dom_parser_does() {
        let options = default_options();
        let read = [
            "<!DOCTYPE html>\n<html lang='PT-br'><head><title>A &amp; B</title>\n<meta charset=utf-8>\n<link rel=stylesheet href='/_pagefind/x.css'>\n<script src=\"pagefind-ui.js\"></script>\n<style>p > a { color: red }</style></head>\n<body><h1>Title</h1><img src=\"a.png\" alt=\"An &quot;image&quot;\"><p>Text</p></body></html>\n",
            "<html><body><main data-pagefind-body data-pagefind-filter=\"group:guide\"><nav data-pagefind-ignore><a href=x>Skip</a></nav><h2 id=\"a b\">Head <em id=e>ing</em> two</h2><p>One<br>two<br/>three &amp; four&nbsp;five</p></main><footer>Foot</footer></body></html>",
            "<html><body><div data-pagefind-body>First</div><p>Between</p><div data-pagefind-body>Second <span data-pagefind-ignore=all data-pagefind-filter='x:y'>gone</span></div></body></html>",
            "<HTML><BODY><P CLASS=x ID=Upper>Shout</P><Div data-pagefind-meta=\"title:Meta title, image[data-src]\" data-src=\"/i.png\">Meta</Div></BODY></HTML>",
            "<html><body><p data-pagefind-weight=\"4.5\">Heavy <b data-pagefind-weight=0>none</b></p><h3>Auto</h3><section data-pagefind-index-attrs=\"title,aria-label\" title=\"Titled\" aria-label=\"Label!\">Body</section></body></html>",
            "<html><body><!-- a comment with <p>tags</p> --><textarea>Some <b>text</b></textarea><script>if (a < b && c > d) { x = '</p>'; }</script><p>After</p></body></html>",
            "<html><body><div data-pagefind-sort=\"date:2024, weight[data-w]\" data-w=3 data-pagefind-default-meta=\"kind:page\">Sorted</div><label>Label</label><form><input value=x>Form</form></body></html>",
            "<html><head><noscript><style>.a { b: c }</style></noscript></head><body><noscript><p id=n>No <i>script</i></p></noscript><iframe>Frame &amp; text</iframe><xmp><p>Shown as text</p></xmp></body></html>",
            "<html><head></head><body><table><tr><td>Cell</td><td id=c>Cell two</td></tr></table><ul><li>One</li><li>Two (three)</li></ul></body></html>",
            "<html><body><h1 data-pagefind-title=\"Own title\" id=t>Heading</h1><div data-pagefind-ignore=\"index\" data-pagefind-meta=\"kept\">Kept as meta</div><p data-pagefind-ignore=\"bogus\">Gone</p></body></html>",
            "<!DOCTYPE html><html><head><title>\u{8c01}\u{53ef}\u{4ee5}</title><style>\u{5b57}</style></head><body><h1>\u{5907}\u{6848}</h1><!--\u{5b57}--><script>\u{5b57}</script></body></html>",
            "<html><body>\u{5b57}\u{200b}<p>\u{4e2d}\u{6587}\u{3002}</p><p lang=ar dir=rtl>\u{0627}\u{0644}</p></body></html> trailing",
        ];
        for html in read {
            assert!(reader_agrees(html, &options), "the reader declined {html}");
        }
        let declined = [
            "<p>No html element</p>",
            "<html><body><p>Unclosed</body></html>",
            "<html><body><p>Crossed <b>tags</p></b></body></html>",
            "<html><body><svg><circle/></svg></body></html>",
            "<html><body><div/>Self-closed</body></html>",
            "<html><body><template><p>Later</p></template></body></html>",
            "<html><body>A < B</body></html>",
            "<html><body><p>Line\r\nends</p></body></html>",
            "<html><body><p a=\"1\"b=\"2\">Attributes together</p></body></html>",
            "<html><body><script><!-- <script> --></script></body></html>",
            "<html><body><html><p>Twice</p></html></body></html>",
            "<html><body><p>Text</p></body></html><p>After the end</p>",
            "<html><body><br></br></body></html>",
        ];
        for html in declined {
            assert!(!reader_agrees(html, &options), "the reader read {html}");
        }
    }

    /// beian patch: random pages, well-formed trees and soup alike, never
    /// make the reader panic, and whatever it reads it reads as lol_html.
    #[test]
    fn the_reader_agrees_with_dom_parser_on_random_pages() {
        let mut seed = 0x2545f4914f6cdd1du64;
        let mut next = move |n: usize| {
            seed ^= seed << 13;
            seed ^= seed >> 7;
            seed ^= seed << 17;
            (seed % n as u64) as usize
        };
        const ELEMENTS: &[&str] = &[
            "p", "div", "span", "h1", "h2", "h3", "a", "em", "nav", "li", "td", "section", "title",
            "script", "label", "main", "b", "footer",
        ];
        const ATTRIBUTES: &[&str] = &[
            " id=\"x\"", " id='a b'", " data-pagefind-body", " data-pagefind-ignore",
            " data-pagefind-ignore=all", " data-pagefind-weight=\"2\"",
            " data-pagefind-filter=\"k:v\"", " data-pagefind-filter=\"k\"",
            " data-pagefind-meta=\"m\"", " data-pagefind-meta=\"title:T\"", " class=c",
            " data-pagefind-index-attrs=\"title\" title=\"Hi!\"", " data-pagefind-sort=\"s:1\"",
            " data-pagefind-title='T &amp; U'",
        ];
        const TEXTS: &[&str] = &[
            "word", "two words", " ", "\n", "\u{5b57}\u{200b}\u{6587}", "&amp;", "end.", "(x)",
            "caf\u{e9}",
        ];
        fn tree(next: &mut dyn FnMut(usize) -> usize, depth: usize, out: &mut String) {
            for _ in 0..next(4) {
                match next(5) {
                    0 | 1 if depth < 5 => {
                        let name = ELEMENTS[next(ELEMENTS.len())];
                        out.push('<');
                        out.push_str(name);
                        for _ in 0..next(3) {
                            out.push_str(ATTRIBUTES[next(ATTRIBUTES.len())]);
                        }
                        out.push('>');
                        if matches!(name, "title" | "script") {
                            out.push_str(TEXTS[next(TEXTS.len())]);
                        } else {
                            tree(next, depth + 1, out);
                        }
                        out.push_str(&format!("</{name}>"));
                    }
                    2 => out.push_str(["<br>", "<img src=i.png alt=A>", "<hr/>"][next(3)]),
                    _ => out.push_str(TEXTS[next(TEXTS.len())]),
                }
            }
        }
        let options = default_options();
        let mut read = 0;
        for _ in 0..3000 {
            let mut html = String::from("<html><body>");
            tree(&mut next, 0, &mut html);
            html.push_str("</body></html>");
            assert!(reader_agrees(&html, &options), "the reader declined {html}");
            read += 1;
            // The same page cut short or with a piece dropped: soup.
            let cut = html.len() - next(html.len());
            let cut = (0..=cut).rev().find(|&i| html.is_char_boundary(i)).unwrap_or(0);
            reader_agrees(&html[..cut], &options);
            let from = (0..=next(html.len())).rev().find(|&i| html.is_char_boundary(i)).unwrap_or(0);
            let to = (from..=from + next(12)).rev().find(|&i| i <= html.len() && html.is_char_boundary(i)).unwrap_or(from);
            reader_agrees(&format!("{}{}", &html[..from], &html[to..]), &options);
        }
        assert_eq!(read, 3000);
    }

    fn test_raw_parse(input: Vec<&'static str>) -> DomParserResult {
        let config = default_options();
        // beian patch: every test's page, where the reader reads it, reads the same
        reader_agrees(&input.concat(), &config);
        let mut rewriter = DomParser::new(&config);
        for line in input {
            let _ = rewriter.write(line.as_bytes());
        }
        rewriter.wrap()
    }

    fn test_parse(mut input: Vec<&'static str>) -> DomParserResult {
        input.insert(0, "<html><body>");
        input.push("</body></html>");
        test_raw_parse(input)
    }

    fn test_parse_with_exclusions(
        mut input: Vec<&'static str>,
        exclusions: &[&'static str],
    ) -> DomParserResult {
        use clap::CommandFactory;
        let mut args = vec!["pagefind", "--source", "not_important"];
        for exclusion in exclusions {
            args.push("--exclude-selectors");
            args.push(exclusion);
        }
        let config_args = vec![twelf::Layer::Clap(
            crate::PagefindInboundConfig::command().get_matches_from(args),
        )];
        let config =
            SearchOptions::load(crate::PagefindInboundConfig::with_layers(&config_args).unwrap())
                .unwrap();
        let mut rewriter = DomParser::new(&config);
        input.insert(0, "<html><body>");
        input.push("</body></html>");
        for line in input {
            let _ = rewriter.write(line.as_bytes());
        }
        rewriter.wrap()
    }

    #[test]
    fn unsupported_exclude_selector_does_not_halt_indexing() {
        let data = test_parse_with_exclusions(
            vec!["<p>Kept</p>", "<div class='ad'>Dropped</div>"],
            &[":not(.a b)", ".ad"],
        );

        assert_eq!(data.digest, "Kept.");
    }

    #[test]
    fn words_weights() {
        let data = test_parse(vec![
            "<p>Weight one</p>",
            "<p data-pagefind-weight='2'>Weight two</p>",
        ]);

        assert_eq!(
            data.digest,
            "Weight one. ___PAGEFIND_WEIGHT___2 Weight two. ___END_PAGEFIND_WEIGHT___"
        )
    }

    #[test]
    fn words_ids() {
        let data = test_parse(vec![
            "<p>Sentence one</p>",
            "<br id='break' />",
            "<p id='pid'>Sentence two</p>",
        ]);

        assert_eq!(
            data.digest,
            "Sentence one. ___PAGEFIND_ANCHOR___br:0:break ___PAGEFIND_ANCHOR___p:1:pid Sentence two."
        )
    }

    #[test]
    fn explicit_anchor_titles() {
        let data = test_parse(vec![
            "<section id='usage' data-pagefind-title='Installation &amp; Usage'>",
            "<h2>Installation and usage</h2>",
            "</section>",
        ]);

        assert_eq!(
            data.anchor_titles.get("0:usage"),
            Some(&"Installation & Usage".to_owned())
        );
    }

    /// beian patch: attributes read in one pass (`PagefindAttributes`)
    /// match their names in any case and, given twice, take the first, as
    /// `get_attribute` did.
    #[test]
    fn attributes_read_in_one_pass_match_as_get_attribute_did() {
        let data = test_parse(vec![
            "<div>Outside</div>",
            "<section ID='first' id='second' DATA-PAGEFIND-BODY ",
            "data-pagefind-filter='kind:a' Data-Pagefind-Filter='kind:b'>",
            "<p data-pagefind-ignore>Hidden</p>",
            "<h2 ID='one' Id='two'>Heading</h2>",
            "<p data-PAGEFIND-weight='3'>Shown</p>",
            "</section>",
        ]);

        assert_eq!(
            data.digest,
            "___PAGEFIND_ANCHOR___h2:1:one ___PAGEFIND_AUTO_WEIGHT___6 Heading. ___END_PAGEFIND_WEIGHT___ ___PAGEFIND_WEIGHT___3 Shown. ___END_PAGEFIND_WEIGHT___"
        );
        assert_eq!(data.filters.get("kind"), Some(&vec!["a".to_owned()]));
    }

    #[test]
    fn block_tag_formatting() {
        let data = test_parse(vec![
            "<p>Sentences should have periods</p>",
            "<p>Unless one exists.</p>",
            "<div>Or it ends with punctuation:</div>",
            "<article>Except for 'quotes'</article>",
        ]);

        assert_eq!(
            data.digest,
            "Sentences should have periods. Unless one exists. Or it ends with punctuation: Except for 'quotes'."
        )
    }

    #[test]
    fn inline_tag_formatting() {
        let data = test_parse(vec![
            "<p>Inline tags like <span>span</span>",
            " and <b>bol",
            "d</b> shouldn't have periods</p>",
            "<p>And should n<i>o</i>t add any space.</p>",
        ]);

        assert_eq!(
            data.digest,
            "Inline tags like span and bold shouldn't have periods. And should not add any space."
        )
    }

    #[test]
    fn ignored_elements() {
        let data = test_parse(vec![
            "<p>Elements like:</p>",
            "<form>Should <b>not</b> be indexed</form>",
            "<p>forms</p>",
            "<div> As well as <div data-pagefind-ignore=''>",
            "Manually ignored <p>Elements</p></div>",
            "*crickets*</div>",
        ]);

        assert_eq!(data.digest, "Elements like: forms. As well as *crickets*.");
    }

    #[test]
    fn return_metadata() {
        let data = test_raw_parse(vec![
            "<html><head>",
            "<meta data-pagefind-meta='image[content]' content='/kitty.jpg' property='og:image'>",
            "</head><body>",
            "<div data-pagefind-meta='type:post'></div>",
            "<h1 data-pagefind-meta='headline'>Hello World</h1>",
            "<div>This post is <span data-pagefind-meta='adj'>hella</span> good.</div>",
            "<img data-pagefind-meta='hero[src]' src='/huzzah.png'>",
            "</body></html>",
        ]);

        assert_eq!(data.meta.get("image"), Some(&"/kitty.jpg".to_owned()));
        assert_eq!(data.meta.get("type"), Some(&"post".to_owned()));
        assert_eq!(data.meta.get("headline"), Some(&"Hello World".to_owned()));
        assert_eq!(data.meta.get("adj"), Some(&"hella".to_owned()));
        assert_eq!(data.meta.get("hero"), Some(&"/huzzah.png".to_owned()));
    }

    #[test]
    fn auto_image_metadata_decodes_entities() {
        let data = test_parse(vec![
            "<h1>Hello World</h1>",
            "<img src='/cat.png?width=400&amp;format=webp' alt='Cat &amp; dog'>",
        ]);

        assert_eq!(
            data.meta.get("image"),
            Some(&"/cat.png?width=400&format=webp".to_owned())
        );
        assert_eq!(data.meta.get("image_alt"), Some(&"Cat & dog".to_owned()));
    }

    #[test]
    fn return_complex_metadata() {
        let data = test_raw_parse(vec![
            "<html><body>",
            "<img data-pagefind-meta='cat[src], cat-alt[alt]' src='/cat.png' alt='cat pic'>",
            "<h1 class='why?' data-pagefind-meta='headline, classname[class]'>Hello World</h1>",
            "<div data-pagefind-meta='self[data-pagefind-meta], type:post'></div>",
            "<div data-pagefind-meta='incorrect:post, self[data-pagefind-meta]'></div>",
            "</body></html>",
        ]);

        assert_eq!(data.meta.get("cat"), Some(&"/cat.png".to_owned()));
        assert_eq!(data.meta.get("cat-alt"), Some(&"cat pic".to_owned()));
        assert_eq!(data.meta.get("headline"), Some(&"Hello World".to_owned()));
        assert_eq!(data.meta.get("classname"), Some(&"why?".to_owned()));
        assert_eq!(
            data.meta.get("self"),
            Some(&"self[data-pagefind-meta], type:post".to_owned())
        );
        assert_eq!(data.meta.get("type"), Some(&"post".to_owned()));
        assert_eq!(
            data.meta.get("incorrect"),
            Some(&"post, self[data-pagefind-meta]".to_owned())
        );
    }
}
