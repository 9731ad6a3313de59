import Foundation

/// Values placed in the review pages' links. Text and attribute values are escaped by the
/// library's `HTMLText`, the same as in report.html; everything that comes from a manifest or a
/// list (URLs, captions, labels, notes) passes through one or the other.
enum HTML {
    /// A query-string component.
    static func query(_ text: String) -> String {
        var allowed = CharacterSet.alphanumerics
        allowed.insert(charactersIn: "-._~")
        return text.addingPercentEncoding(withAllowedCharacters: allowed) ?? ""
    }
}
