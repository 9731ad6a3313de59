import Foundation
#if canImport(FoundationXML)
import FoundationXML
#endif

/// Reads NCMEC hash-sharing API v2 pages (`<queryResult>` with `<images>` and `<videos>`) with a
/// streaming parser, so a page of a million entries never sits in memory as a document. Each
/// `<image>`/`<video>` becomes a record keyed by member id + entry id; `<deletedImage>`/`<deletedVideo>`
/// are tombstones. md5, sha1 and pdq fingerprints are kept for images and videos alike (a digest of a
/// video file matches that file wherever a dataset links it); pdna is kept as photodna (unsupported);
/// every other fingerprint (`tmk-pdqf`, `videntifier`, link-only ones) is counted as skipped.
enum NCMECXMLImporter {
    static func read(path: String, into ledger: inout PartnerRecordLedger) throws(HashListError) {
        if let handle = FileHandle(forReadingAtPath: path) {
            let magic = (try? handle.read(upToCount: 2)) ?? Data()
            try? handle.close()
            if magic == Data([0x1F, 0x8B]) {
                throw .cannotRead(path: path, reason: "NCMEC pages are read uncompressed; decompress the .gz first")
            }
        }
        guard let stream = InputStream(fileAtPath: path) else {
            throw .cannotRead(path: path, reason: "cannot open the file")
        }
        let parser = XMLParser(stream: stream)
        let reader = PageReader(path: path)
        // The reader takes the ledger for the parse, so records go straight in without a copy.
        swap(&reader.ledger, &ledger)
        defer { swap(&reader.ledger, &ledger) }
        parser.delegate = reader
        let parsed = parser.parse()
        if let failure = reader.failure { throw failure }
        guard parsed else {
            let reason = parser.parserError.map { "\($0.localizedDescription)" } ?? "unknown error"
            throw .badEntry(path: path, line: parser.lineNumber, message: "not well-formed XML (\(reason))")
        }
        guard reader.sawQueryResult else {
            throw .badHeader(path: path, line: 1, message: "an NCMEC page has a <queryResult> root element")
        }
    }

    /// The parser's delegate: collects one entry's fields at a time and hands out finished records.
    private final class PageReader: NSObject, XMLParserDelegate {
        let path: String
        var ledger = PartnerRecordLedger()
        private(set) var failure: HashListError?
        private(set) var sawQueryResult = false

        /// Element names from the root down to the current element, without namespace prefixes.
        private var stack: [String] = []
        private var entry: Entry?
        private var text = ""
        private var capturing = false

        /// The fields of the entry being read.
        private struct Entry {
            var kind: String
            var line: Int
            var number: Int
            var memberID: String?
            var memberName = ""
            var id: String?
            var timestamp: String?
            var classification: String?
            var fingerprints: [(type: String, value: String, line: Int)] = []
            var linkOnly: [String] = []
            var elementHasLink = false
        }

        private var entries = 0

        init(path: String) {
            self.path = path
        }

        private static let entryKinds: Set = ["image", "video", "deletedImage", "deletedVideo"]

        func parser(
            _ parser: XMLParser, didStartElement elementName: String, namespaceURI: String?, qualifiedName: String?,
            attributes: [String: String] = [:]
        ) {
            let name = Self.localName(elementName)
            stack.append(name)
            if stack.count == 1 {
                sawQueryResult = name == "queryResult"
                if !sawQueryResult {
                    fail(parser, .badHeader(path: path, line: parser.lineNumber,
                                            message: "an NCMEC page has a <queryResult> root element, not <\(name)>"))
                }
                return
            }
            if stack.count == 3, ["images", "videos"].contains(stack[1]), Self.entryKinds.contains(name) {
                entries += 1
                entry = Entry(kind: name, line: parser.lineNumber, number: entries)
                return
            }
            guard entry != nil else { return }
            if stack.count == 4 {
                if name == "member" { entry!.memberID = attributes["id"] }
                capturing = ["member", "id", "timestamp", "classification"].contains(name)
                text = ""
            } else if stack.count == 5, stack[3] == "fingerprints" {
                capturing = true
                text = ""
                entry!.elementHasLink = attributes["href"] != nil
            }
        }

        func parser(_ parser: XMLParser, foundCharacters string: String) {
            if capturing { text += string }
        }

        func parser(
            _ parser: XMLParser, didEndElement elementName: String, namespaceURI: String?, qualifiedName: String?
        ) {
            defer { stack.removeLast() }
            guard entry != nil else { return }
            let name = stack.last ?? ""
            if stack.count == 4 {
                let value = ASCIIText.trimmed(text)
                switch name {
                case "member": entry!.memberName = value
                case "id": entry!.id = value
                case "timestamp": entry!.timestamp = value
                case "classification": entry!.classification = value.isEmpty ? nil : value
                default: break
                }
                capturing = false
            } else if stack.count == 5, stack[3] == "fingerprints" {
                let value = ASCIIText.trimmed(text)
                if value.isEmpty || entry!.elementHasLink {
                    entry!.linkOnly.append(name)
                } else {
                    entry!.fingerprints.append((name, value, parser.lineNumber))
                }
                capturing = false
            } else if stack.count == 3 {
                finish(parser)
            }
        }

        func parser(_ parser: XMLParser, parseErrorOccurred parseError: Error) {
            if failure == nil {
                failure = .badEntry(path: path, line: parser.lineNumber, message: "not well-formed XML")
            }
        }

        private func finish(_ parser: XMLParser) {
            guard let done = entry else { return }
            entry = nil
            let place = "<\(done.kind)> number \(done.number)"
            guard let memberID = done.memberID, !memberID.isEmpty else {
                return fail(parser, .badEntry(path: path, line: done.line, message: "\(place) has no <member id=…>"))
            }
            guard let id = done.id, !id.isEmpty else {
                return fail(parser, .badEntry(path: path, line: done.line, message: "\(place) has no <id>"))
            }
            guard let stamp = done.timestamp, let timestamp = FeedTimestamp.seconds(stamp) else {
                return fail(parser, .badEntry(
                    path: path, line: done.line, message: "\(place) has no <timestamp> in ISO 8601 form"))
            }
            var signals: [PartnerRecord.Signal] = []
            let withdrawn = done.kind.hasPrefix("deleted")
            if !withdrawn {
                for fingerprint in done.fingerprints {
                    let algorithm: HashAlgorithm?
                    switch fingerprint.type.lowercased() {
                    case "md5": algorithm = .md5
                    case "sha1": algorithm = .sha1
                    case "pdq": algorithm = .pdq
                    case "pdna", "photodna": algorithm = .photoDNA
                    default: algorithm = nil
                    }
                    guard let algorithm else {
                        signals.append(.skipped(fingerprint.type))
                        continue
                    }
                    do {
                        signals.append(.entry(algorithm, try algorithm.canonicalValue(fingerprint.value)))
                    } catch {
                        return fail(parser, .badEntry(
                            path: path, line: fingerprint.line, message: "\(place), <\(fingerprint.type)>: \(error.message)"))
                    }
                }
                signals += done.linkOnly.map { .skipped($0) }
            }
            let label = done.memberName.isEmpty ? "member \(memberID)" : done.memberName
            ledger.apply(PartnerRecord(
                key: memberID + "\u{0}" + id, timestamp: timestamp, withdrawn: withdrawn, signals: signals,
                label: label, category: done.classification))
        }

        private func fail(_ parser: XMLParser, _ error: HashListError) {
            if failure == nil { failure = error }
            parser.abortParsing()
        }

        private static func localName(_ name: String) -> String {
            guard let colon = name.lastIndex(of: ":") else { return name }
            return String(name[name.index(after: colon)...])
        }
    }
}
