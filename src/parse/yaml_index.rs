//! The scalars of a YAML file with their places, which are keys and which
//! values, and the keys a mapping is given twice: read from the parser's
//! events, so a comment, a flow mapping or a quote changes nothing.

use std::collections::HashMap;

use super::yaml_events::{Event, Mark, SyntaxError, events};

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Scalar {
    pub text: String,
    pub at: Mark,
    pub is_key: bool,
    /// For a key whose value is a scalar: that value's index.
    pub value: Option<usize>,
}

/// A key given twice in one mapping; YAML decoders keep the second.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Duplicate {
    pub key: String,
    pub first: Mark,
    pub second: Mark,
}

#[derive(Debug, Default)]
pub struct Index {
    pub scalars: Vec<Scalar>,
    pub duplicates: Vec<Duplicate>,
}

enum Frame {
    Sequence,
    Mapping {
        keys: HashMap<String, Mark>,
        /// The next node is a key (else a value).
        at_key: bool,
        /// The scalar key whose value comes next.
        key: Option<usize>,
    },
}

pub fn index(text: &str) -> Result<Index, SyntaxError> {
    let mut index = Index::default();
    let mut stack: Vec<Frame> = Vec::new();
    for (event, at) in events(text)? {
        let role = match event {
            Event::MappingEnd | Event::SequenceEnd => {
                stack.pop();
                continue;
            }
            _ => node_role(&mut stack),
        };
        match event {
            Event::Scalar(text) => {
                let i = index.scalars.len();
                match role {
                    Role::Key => {
                        if let Some(Frame::Mapping { keys, key, .. }) = stack.last_mut() {
                            *key = Some(i);
                            if let Some(&first) = keys.get(&text) {
                                index.duplicates.push(Duplicate {
                                    key: text.clone(),
                                    first,
                                    second: at,
                                });
                            } else {
                                keys.insert(text.clone(), at);
                            }
                        }
                    }
                    Role::Value(Some(k)) => index.scalars[k].value = Some(i),
                    Role::Value(None) => {}
                }
                index.scalars.push(Scalar {
                    text,
                    at,
                    is_key: role == Role::Key,
                    value: None,
                });
            }
            Event::MappingStart => stack.push(Frame::Mapping {
                keys: HashMap::new(),
                at_key: true,
                key: None,
            }),
            Event::SequenceStart => stack.push(Frame::Sequence),
            _ => {}
        }
    }
    Ok(index)
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Role {
    Key,
    /// A value, and the scalar key it belongs to, if any.
    Value(Option<usize>),
}

/// Whether the node starting now is a key or a value of the innermost
/// mapping; keys and values alternate.
fn node_role(stack: &mut [Frame]) -> Role {
    match stack.last_mut() {
        Some(Frame::Mapping { at_key, key, .. }) => {
            let role = if *at_key {
                *key = None;
                Role::Key
            } else {
                Role::Value(key.take())
            };
            *at_key = !*at_key;
            role
        }
        _ => Role::Value(None),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keys_values_and_duplicates() {
        let text = "facts:\n  permit: true\n  window: 24\n  permit: false\nlist:\n  - {id: a, permit: 1}\n";
        let index = index(text).unwrap();
        let keys: Vec<&str> = index
            .scalars
            .iter()
            .filter(|s| s.is_key)
            .map(|s| s.text.as_str())
            .collect();
        assert_eq!(
            keys,
            [
                "facts", "permit", "window", "permit", "list", "id", "permit"
            ]
        );
        let id = index.scalars.iter().find(|s| s.text == "id").unwrap();
        assert_eq!(index.scalars[id.value.unwrap()].text, "a");
        assert_eq!(index.duplicates.len(), 1, "{:?}", index.duplicates);
        let d = &index.duplicates[0];
        assert_eq!(
            (d.key.as_str(), d.first.line, d.second.line),
            ("permit", 2, 4)
        );
    }
}
