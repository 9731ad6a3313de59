import Testing
@testable import Linksieve

@Suite("JSONObjectLine")
struct JSONObjectLineTests {
    private func parse(_ text: String) throws(JSONObjectLine.SyntaxError) -> JSONObjectLine {
        try JSONObjectLine(Array(text.utf8)[...])
    }

    @Test("keeps top-level keys in order and decodes string values, escapes and surrogate pairs")
    func validObject() throws {
        let object = try parse(#" { "b" : "x\"\\\/\b\f\n\r\t\u00e9\ud83d\ude00" , "a": [1, -0.5e+3, {"n": [true, false, null]}], "c": null, "d": 0 } "#)
        #expect(object.members.map(\.key) == ["b", "a", "c", "d"])
        #expect(object.value(forKey: "b") == .string("x\"\\/\u{8}\u{C}\n\r\té😀"))
        #expect(object.value(forKey: "a") == .other("an array"))
        #expect(object.value(forKey: "c") == .null)
        #expect(object.value(forKey: "d") == .other("a number"))
        #expect(try parse("{}").members.isEmpty)
        #expect(try parse(#"{"s": "\udc00"}"#).value(forKey: "s") == .string("\u{FFFD}"))
    }

    static let invalid = [
        "", "   ", "[1]", "\"text\"", "42", "{", "{\"a\"}", "{\"a\": }", "{\"a\": 1,}", "{\"a\": 1 \"b\": 2}",
        "{a: 1}", "{\"a\": 01}", "{\"a\": -}", "{\"a\": 1.}", "{\"a\": 1e}", "{\"a\": tru}", "{\"a\": [1, 2}",
        "{\"a\": \"\\x\"}", "{\"a\": \"\\u12\"}", "{\"a\": \"tab\there\"}", "{\"a\": \"open}", "{\"a\": 1} {}",
        "{\"a\": " + String(repeating: "[", count: 300) + String(repeating: "]", count: 300) + "}",
    ]

    @Test("rejects anything but exactly one valid JSON object", arguments: invalid)
    func invalidLine(_ text: String) {
        #expect(throws: JSONObjectLine.SyntaxError.self) { try parse(text) }
    }

    @Test("rejects strings that are not UTF-8")
    func invalidUTF8() {
        #expect(throws: JSONObjectLine.SyntaxError.self) {
            try JSONObjectLine(Array("{\"a\": \"".utf8 + [0xFF] + "\"}".utf8)[...])
        }
    }
}
