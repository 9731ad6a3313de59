import Foundation
import Testing
@testable import Linksieve

/// The byte-level XML reader under the NCMEC importer: what it reports for each construct a page may
/// hold, the same whatever the chunk size, and where it stops on input that is not well-formed.
@Suite("XML stream reader")
struct XMLStreamReaderTests {
    /// Writes each event as one line: `start name a=1 b=2 @line`, `text "…" @line`, `end name @line`.
    struct Recorder: XMLStreamHandler {
        var events: [String] = []

        mutating func startElement(_ name: UnsafeBufferPointer<UInt8>, attributes: XMLAttributes, line: Int) throws(HashListError) {
            let pairs = attributes.spans.map { span in
                String(decoding: attributes.bytes[span.name], as: UTF8.self) + "="
                    + String(decoding: attributes.bytes[span.value], as: UTF8.self)
            }
            events.append((["start", String(decoding: name, as: UTF8.self)] + pairs + ["@\(line)"]).joined(separator: " "))
        }

        mutating func endElement(_ name: UnsafeBufferPointer<UInt8>, line: Int) throws(HashListError) {
            events.append("end \(String(decoding: name, as: UTF8.self)) @\(line)")
        }

        mutating func text(_ text: UnsafeBufferPointer<UInt8>, line: Int) throws(HashListError) {
            events.append("text \"\(String(decoding: text, as: UTF8.self))\" @\(line)")
        }
    }

    static func events(_ path: String, chunkSize: Int = ZlibFileInput.chunkSize) throws(HashListError) -> [String] {
        var reader = try XMLStreamReader(path: path, chunkSize: chunkSize)
        var recorder = Recorder()
        try reader.read(into: &recorder)
        return recorder.events
    }

    /// Every construct the reader knows, with line breaks in awkward places.
    static let document = """
        \u{FEFF}<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
        <!DOCTYPE hs:page [
          <!ELEMENT hs:page ANY> <!ATTLIST hs:page note CDATA "a > b">
        ]>
        <!-- a comment with <tags> & ampersands -->
        <hs:page xmlns:hs="urn:x" single='say "hi"'   double = "it's &amp; &lt;ok&gt;" spaced="a
        \tb">
          <hs:item id="1"/><?pi with > inside?>
          <value>a&lt;b&#65;&#x42;&#xE9;<![CDATA[<raw> & ]] ]>]]>z<!-- split -->y</value>
          <empty></empty  >
        </hs:page  >
        <!-- trailing comment -->

        """

    static let expected = [
        "start page xmlns:hs=urn:x single=say \"hi\" double=it's & <ok> spaced=a  b @6",
        "text \"\n  \" @7",
        "start item id=1 @8",
        "end item @8",
        "text \"\n  \" @8",
        "start value @9",
        "text \"a<bABé<raw> & ]] ]>zy\" @9",
        "end value @9",
        "text \"\n  \" @9",
        "start empty @10",
        "end empty @10",
        "text \"\n\" @10",
        "end page @11",
    ]

    @Test("elements, attributes in either quote, entities, character references, CDATA; comments, PIs and doctype skipped")
    func constructs() throws {
        let folder = try TemporaryDirectory()
        let path = try folder.write("page.xml", Self.document)
        #expect(try Self.events(path) == Self.expected)
    }

    @Test("the same events whatever the chunk size, so names, references and CDATA may straddle chunk edges; gzip too")
    func chunkEdges() throws {
        let folder = try TemporaryDirectory()
        let path = try folder.write("page.xml", Self.document)
        for size in [1, 2, 3, 5, 7, 11, 64] {
            #expect(try Self.events(path, chunkSize: size) == Self.expected, "chunk size \(size)")
        }
        let gzipped = try folder.write("page.xml.gz", Self.document, gzip: true)
        #expect(try Self.events(gzipped, chunkSize: 3) == Self.expected)
    }

    @Test("input that is not well-formed stops with the file, the line and what is wrong", arguments: [
        ("<r>\n<a>\n</b>\n</r>", 3, "</b> does not close <a> (opened on line 2)"),
        ("<r>\n\n<a>text", 3, "the file ends inside <a> (opened on line 3)"),
        ("<r>\n x &nbsp; y</r>", 2, "unknown entity &nbsp;"),
        ("<r>\n&#0;</r>", 2, "&#0; is not a character XML allows"),
        ("<r>a & b</r>", 1, "an & that does not start a reference"),
        ("<r\n a=1/>", 2, "the value of attribute a is not in quotes"),
        ("<r a=\"1\" a='2'/>", 1, "attribute a appears twice"),
        ("<r a=\"x<y\"/>", 1, "a < inside the value of attribute a"),
        ("<r a=\"1\"b=\"2\"/>", 1, "expected a space before an attribute"),
        ("<r/>\n<s/>", 2, "a second root element <s>"),
        ("junk\n<r/>", 1, "text outside the root element"),
        ("<r>\n<!-- never closed\n", 3, "the file ends inside a comment"),
        ("<r><![CDATA[x]]></r>\n</r>", 2, "</r> closes no open element"),
        ("<!-- only a comment -->\n", 2, "the file holds no element"),
        ("<r><1a/></r>", 1, "expected an element name after <"),
    ])
    func malformed(input: String, line: Int, message: String) throws {
        let folder = try TemporaryDirectory()
        let path = try folder.write("bad.xml", input)
        let error = #expect(throws: HashListError.self) { try Self.events(path) }
        guard case .badEntry(let errorPath, let errorLine, let text)? = error else {
            Issue.record("expected a bad-entry error, got \(String(describing: error))")
            return
        }
        #expect(errorPath == path)
        #expect(errorLine == line, "\(text)")
        #expect(text.hasPrefix("not well-formed XML: "))
        #expect(text.contains(message), "\(text)")
        // Cut at every chunk size, the same error on the same line.
        #expect(throws: error!) { try Self.events(path, chunkSize: 2) }
    }

    @Test("a UTF-16 page is refused by name rather than read as garbage")
    func utf16() throws {
        let folder = try TemporaryDirectory()
        let path = try folder.write("utf16.xml", [0xFF, 0xFE] + Array("<r/>".utf8).flatMap { [$0, 0] })
        let error = #expect(throws: HashListError.self) { try Self.events(path) }
        #expect(error?.description.contains("not UTF-8") == true)
    }
}
