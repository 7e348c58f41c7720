//! The YAML scanner's messages (yaml_rust2's) in this project's style
//! (docs/errors.md), shared by the scan of [`super`] and the tree of
//! [`super::de`].

use crate::base::text::clip;

/// A message of the YAML scanner in this project's style (docs/errors.md):
/// what was found, what was expected, in words.
pub(crate) fn message(info: &str) -> String {
    const QUOTE: &str = "(put text that holds it in quotes)";
    let text = match info {
        "block sequence entries are not allowed in this context" => {
            "a list entry (`- `) where a list cannot start, expected it on a line of its own, indented under its key"
        }
        "mapping keys are not allowed in this context" => {
            "a `? ` key where a mapping cannot start, expected `key: value` on a line of its own"
        }
        "mapping values are not allowed in this context" | "illegal placement of ':' indicator" => {
            "a `:` where a value cannot start, expected one `key: value` per line (put text that holds `: ` in quotes)"
        }
        "invalid indentation" => {
            "indentation that does not line up, expected the keys or list entries of one mapping or list at the same column"
        }
        "invalid indentation in flow construct" => {
            "a line of a `[...]` or `{...}` indented less than its key, expected it indented further"
        }
        "invalid indentation in quoted scalar" => {
            "a line of quoted text indented less than its key, expected it indented further"
        }
        "invalid indentation for anchor" => {
            "an anchor (`&name`) indented less than its key, expected it indented further"
        }
        "invalid trailing content after double-quoted scalar" => {
            "more after the closing `\"`, expected the end of the value (a comma, a line break or a comment)"
        }
        "simple key expect ':'" | "simple key expected" => {
            "a key without its `:`, expected `key: value` (is a `:` missing, or a quote not closed?)"
        }
        "while parsing node, found unknown anchor" => {
            "an alias (`*name`) to no anchor, expected `&name` on a value before the alias"
        }
        "while parsing anchor, found duplicated anchor" => {
            "an anchor (`&name`) defined twice, expected each name once"
        }
        "unexpected eof" | "while scanning a quoted scalar, found unexpected end of stream" => {
            "end of input inside a value, expected the rest of it (is a quote not closed, or the input cut short?)"
        }
        "while scanning a quoted scalar, found unexpected document indicator" => {
            "`---` or `...` inside quoted text, expected the closing quote first"
        }
        "did not find expected next token" | "while parsing a node, did not find expected node content" => {
            "no value where one must be, expected text, a number, a list or a mapping"
        }
        "comments must be separated from other tokens by whitespace" => {
            "`#` right after a value, expected a space before a comment (put text that holds `#` in quotes)"
        }
        "':' must be followed by a valid YAML whitespace" => {
            "`:` followed by no space, expected `key: value` (put text that holds `:` in quotes)"
        }
        "'-' must be followed by a valid YAML whitespace" => {
            "`-` followed by no space, expected `- entry` (put text that starts with `-` in quotes)"
        }
        "plain scalar cannot start with '-' followed by ,[]{}" => {
            "text that starts with `-` and one of `,[]{}`, expected it in quotes"
        }
        "while parsing a quoted scalar, found unknown escape character" => {
            "unknown escape in double-quoted text, expected one of `\\\\`, `\\\"`, `\\n`, `\\t`, `\\r`, `\\0`, `\\x`, `\\u`, `\\U` (or single quotes for text with backslashes)"
        }
        "while parsing a quoted scalar, found invalid Unicode character escape code" => {
            "`\\u` escape of no Unicode character, expected `\\u` and 4 hexadecimal digits of a character"
        }
        "while parsing a quoted scalar, did not find expected hexadecimal number" => {
            "escape without its hexadecimal digits, expected `\\xXX`, `\\uXXXX` or `\\UXXXXXXXX`"
        }
        "while parsing a block mapping, did not find expected key" => {
            "no key where one must be, expected `key: value` at this indentation (is the line indented too little or too much?)"
        }
        "while parsing a block collection, did not find expected '-' indicator" => {
            "no list entry where one must be, expected `- entry` at this indentation"
        }
        "while parsing a flow mapping, did not find expected ',' or '}'" => {
            "expected `,` or `}` in a `{...}` mapping"
        }
        "while parsing a flow sequence, expected ',' or ']'" => "expected `,` or `]` in a `[...]` list",
        "did not find expected <document start>"
        | "did not find expected <document-start>"
        | "did not find expected <stream-start>"
        | "invalid content after document end marker" => {
            "more after the end of the document, expected one document (is the indentation of this line wrong?)"
        }
        "wrongly indented line in block scalar" => {
            "a line of a `|` or `>` text indented less than its first line, expected the same indentation"
        }
        "while scanning a block scalar, did not find expected comment or line break"
        | "while scanning a block scalar, found an indentation indicator equal to 0" => {
            "more on the line of a `|` or `>`, expected a line break (the text starts on the next line)"
        }
        "while scanning an anchor or alias, did not find expected alphabetic or numeric character" => {
            "`&` or `*` without a name, expected a name of letters or digits (put text that starts with `&` or `*` in quotes)"
        }
        "expected whitespace" => "no space where one must be, expected a space or a line break",
        _ if info.starts_with("unexpected character: `") => {
            let c = info
                .strip_prefix("unexpected character: `")
                .and_then(|r| r.strip_suffix('\''))
                .unwrap_or("");
            return format!(
                "`{}` cannot start a value, expected text in quotes when it starts with `@`, `%` or a backquote",
                crate::base::text::clip(c, 40)
            );
        }
        _ if info.contains("tag") || info.contains("TAG") || info.contains("handle") => {
            "malformed tag (`!...`), expected no tag or one of `!!str`, `!!int`, `!!float`, `!!bool`, `!!null`, `!!map`, `!!seq`"
        }
        _ if info.contains("directive") || info.contains("incompatible YAML document") => {
            "malformed or unsupported directive (`%...`), expected none (YAML 1.2 needs no directives)"
        }
        _ => return format!("{}, expected valid YAML here {QUOTE}", clip(info, 120)),
    };
    text.to_string()
}
