/// Makes text from files, lists, manifests and servers safe to print: control characters
/// (C0, DEL, C1) are shown as escapes, so a hostile path, URL or list line cannot move the
/// cursor, rewrite earlier lines or inject an extra line into what a user or a log reads.
public enum TerminalText {
    public static func escaped(_ text: some StringProtocol) -> String {
        var output = ""
        output.reserveCapacity(text.utf8.count)
        for scalar in text.unicodeScalars {
            switch scalar.value {
            case 0x0A: output += "\\n"
            case 0x0D: output += "\\r"
            case 0x09: output += "\\t"
            case 0x00...0x1F, 0x7F...0x9F:
                output += "\\u{" + String(scalar.value, radix: 16, uppercase: true) + "}"
            default: output.unicodeScalars.append(scalar)
            }
        }
        return output
    }

    /// Whether `text` holds a control character (C0, DEL or C1), which no header value or
    /// single-line setting may carry.
    public static func containsControlCharacter(_ text: some StringProtocol) -> Bool {
        text.unicodeScalars.contains { $0.value < 0x20 || (0x7F...0x9F).contains($0.value) }
    }
}
