//! Which templates use Tera 2 components, and which define them. A
//! component is global: defined in any file, callable from any other, with
//! no `include` to follow. Until Tera says which components a template
//! calls, a page whose templates call any component is taken to depend on
//! every file that defines one.

/// The text of each `{% … %}` tag, after its `-` and leading spaces.
fn tags(text: &str) -> impl Iterator<Item = &str> {
    text.split("{%")
        .skip(1)
        .map(|tag| tag.trim_start_matches('-').trim_start())
}

/// Calls a component: `{{<name … />}}` or `{% <name …> %}`.
pub fn calls_component(text: &str) -> bool {
    text.contains("{{<") || text.contains("{{-<") || tags(text).any(|t| t.starts_with('<'))
}

/// Defines one: `{% component name(…) %}`.
pub fn defines_component(text: &str) -> bool {
    tags(text).any(|t| {
        t.strip_prefix("component")
            .is_some_and(|rest| rest.starts_with(char::is_whitespace))
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn component_calls_and_definitions_are_told_apart() {
        assert!(calls_component("a {{<note text=\"x\"/>}} b"));
        assert!(calls_component("{%- <box(title=\"t\")> %}x{% </box> %}"));
        assert!(!calls_component("{% if a < b %}{{ x }}{% endif %}"));
        assert!(defines_component(
            "{% component note(text) %}{{ text }}{% endcomponent note %}"
        ));
        assert!(!defines_component(
            "{% endcomponent note %}{% include \"component.html\" %}"
        ));
    }
}
