import Testing
@testable import Linksieve

@Suite("JSON values")
struct JSONValueTests {
    @Test("objects keep their key order and strings are escaped")
    func serialisation() {
        let value: JSONValue = .object([
            ("row", 3), ("url", "http://a/\"q\"\n\u{1}"), ("distance", .null), ("ok", true),
            ("list", .array([1, "two"])),
        ])
        #expect(value.serialized() == #"{"row":3,"url":"http://a/\"q\"\n\u0001","distance":null,"ok":true,"list":[1,"two"]}"#)
    }

    @Test("pretty printing indents nested containers")
    func pretty() {
        let value: JSONValue = .object([("a", .object([("b", 1)])), ("c", .array([]))])
        #expect(value.pretty() == "{\n  \"a\": {\n    \"b\": 1\n  },\n  \"c\": []\n}")
    }
}
