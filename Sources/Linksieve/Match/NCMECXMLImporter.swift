/// Reads NCMEC hash-sharing API v2 pages (`<queryResult>` with `<images>` and `<videos>`), plain or
/// gzip, with `XMLStreamReader`, so a page of a million entries never sits in memory as a document.
/// Each `<image>`/`<video>` becomes a record keyed by member id + entry id; `<deletedImage>`/`<deletedVideo>`
/// are tombstones. md5, sha1 and pdq fingerprints are kept for images and videos alike (a digest of a
/// video file matches that file wherever a dataset links it); pdna is kept as photodna (unsupported);
/// every other fingerprint (`tmk-pdqf`, `videntifier`, link-only ones) is counted as skipped.
enum NCMECXMLImporter {
    static func read(
        path: String, into ledger: inout PartnerRecordLedger, chunkSize: Int = ZlibFileInput.chunkSize
    ) throws(HashListError) {
        var reader = try XMLStreamReader(path: path, chunkSize: chunkSize)
        var page = PageHandler(path: path)
        // The handler takes the ledger for the read, so records go straight in without a copy.
        swap(&page.ledger, &ledger)
        defer { swap(&page.ledger, &ledger) }
        try reader.read(into: &page)
    }

    /// Collects one entry's fields at a time and hands finished records to the ledger.
    private struct PageHandler: XMLStreamHandler {
        let path: String
        var ledger = PartnerRecordLedger()

        /// Depth of the element being read (the root is 1).
        private var depth = 0
        /// Whether the depth-2 element is `<images>` or `<videos>`, whose children are entries.
        private var inEntryList = false
        private var inFingerprints = false
        private var entry: Entry?
        private var entries = 0
        /// The field being read (a depth-4 field or a depth-5 fingerprint), and its text so far.
        private var field: Field?
        private var fieldText: [UInt8] = []
        /// Member names by the bytes of "id name", so a million entries of fifty members share fifty labels.
        private var labels: [[UInt8]: String] = [:]
        private var categories: [[UInt8]: String] = [:]

        private enum Field {
            case member, id, timestamp, classification
            case fingerprint(type: String, hasLink: Bool, line: Int)
        }

        /// The fields of the entry being read.
        private struct Entry {
            let kind: Kind
            let line: Int
            let number: Int
            var memberID: [UInt8]?
            var memberName: [UInt8] = []
            var id: String?
            var timestamp: String?
            var classification: [UInt8] = []
            var signals: [PartnerRecord.Signal] = []
            /// The first unusable fingerprint, reported once the entry's place is known.
            var problem: (line: Int, message: String)?
        }

        private enum Kind: String {
            case image, video, deletedImage, deletedVideo

            init?(_ name: UnsafeBufferPointer<UInt8>) {
                if XMLStreamReader.equal(name, "image") { self = .image }
                else if XMLStreamReader.equal(name, "video") { self = .video }
                else if XMLStreamReader.equal(name, "deletedImage") { self = .deletedImage }
                else if XMLStreamReader.equal(name, "deletedVideo") { self = .deletedVideo }
                else { return nil }
            }

            var isTombstone: Bool { self == .deletedImage || self == .deletedVideo }
        }

        init(path: String) {
            self.path = path
        }

        mutating func startElement(
            _ name: UnsafeBufferPointer<UInt8>, attributes: XMLAttributes, line: Int
        ) throws(HashListError) {
            depth += 1
            switch depth {
            case 1:
                guard XMLStreamReader.equal(name, "queryResult") else {
                    throw .badHeader(
                        path: path, line: line,
                        message: "an NCMEC page has a <queryResult> root element, not <\(String(decoding: name, as: UTF8.self))>")
                }
            case 2:
                inEntryList = XMLStreamReader.equal(name, "images") || XMLStreamReader.equal(name, "videos")
            case 3:
                guard inEntryList, let kind = Kind(name) else { return }
                entries += 1
                entry = Entry(kind: kind, line: line, number: entries)
            case 4:
                guard entry != nil else { return }
                inFingerprints = XMLStreamReader.equal(name, "fingerprints")
                if XMLStreamReader.equal(name, "member") {
                    field = .member
                    entry!.memberID = attributes.value("id").map(Array.init)
                } else if XMLStreamReader.equal(name, "id") {
                    field = .id
                } else if XMLStreamReader.equal(name, "timestamp") {
                    field = .timestamp
                } else if XMLStreamReader.equal(name, "classification") {
                    field = .classification
                }
                fieldText.removeAll(keepingCapacity: true)
            case 5:
                guard entry != nil, inFingerprints else { return }
                field = .fingerprint(
                    type: String(decoding: name, as: UTF8.self), hasLink: attributes.value("href") != nil, line: line)
                fieldText.removeAll(keepingCapacity: true)
            default:
                break
            }
        }

        mutating func text(_ text: UnsafeBufferPointer<UInt8>, line: Int) throws(HashListError) {
            // Only a field's own text counts, not that of elements nested in it.
            guard field != nil, depth == 4 || (depth == 5 && inFingerprints) else { return }
            fieldText.append(contentsOf: text)
        }

        mutating func endElement(_ name: UnsafeBufferPointer<UInt8>, line: Int) throws(HashListError) {
            defer { depth -= 1 }
            switch depth {
            case 3:
                try finishEntry()
            case 4:
                guard entry != nil, let done = field else { return }
                field = nil
                let value = Self.trimmed(fieldText)
                switch done {
                case .member: entry!.memberName = value
                case .id: entry!.id = String(decoding: value, as: UTF8.self)
                case .timestamp: entry!.timestamp = String(decoding: value, as: UTF8.self)
                case .classification: entry!.classification = value
                case .fingerprint: break
                }
            case 5:
                guard entry != nil, case .fingerprint(let type, let hasLink, let fingerprintLine)? = field else { return }
                field = nil
                addFingerprint(type: type, value: Self.trimmed(fieldText), hasLink: hasLink, line: fingerprintLine)
            default:
                break
            }
        }

        private mutating func addFingerprint(type: String, value: [UInt8], hasLink: Bool, line: Int) {
            guard !entry!.kind.isTombstone else { return }
            if value.isEmpty || hasLink {
                entry!.signals.append(.skipped(type))
                return
            }
            let algorithm: HashAlgorithm
            switch type.lowercased() {
            case "md5": algorithm = .md5
            case "sha1": algorithm = .sha1
            case "pdq": algorithm = .pdq
            case "pdna", "photodna": algorithm = .photoDNA
            default:
                entry!.signals.append(.skipped(type))
                return
            }
            if let hex = Self.lowerHex(value, digits: algorithm.hexDigits) {
                entry!.signals.append(.entry(algorithm, hex))
                return
            }
            do {
                entry!.signals.append(.entry(algorithm, try algorithm.canonicalValue(String(decoding: value, as: UTF8.self))))
            } catch {
                if entry!.problem == nil { entry!.problem = (line, "<\(type)>: \(error.message)") }
            }
        }

        private mutating func finishEntry() throws(HashListError) {
            guard let done = entry else { return }
            entry = nil
            let place = "<\(done.kind.rawValue)> number \(done.number)"
            if let problem = done.problem {
                throw .badEntry(path: path, line: problem.line, message: "\(place), \(problem.message)")
            }
            guard let memberID = done.memberID, !memberID.isEmpty else {
                throw .badEntry(path: path, line: done.line, message: "\(place) has no <member id=…>")
            }
            guard let id = done.id, !id.isEmpty else {
                throw .badEntry(path: path, line: done.line, message: "\(place) has no <id>")
            }
            guard let stamp = done.timestamp, let timestamp = FeedTimestamp.seconds(stamp) else {
                throw .badEntry(path: path, line: done.line, message: "\(place) has no <timestamp> in ISO 8601 form")
            }
            let labelKey = memberID + [0] + done.memberName
            let label: String
            if let known = labels[labelKey] {
                label = known
            } else {
                label = done.memberName.isEmpty
                    ? "member " + String(decoding: memberID, as: UTF8.self) : String(decoding: done.memberName, as: UTF8.self)
                labels[labelKey] = label
            }
            var category: String?
            if !done.classification.isEmpty {
                category = categories[done.classification] ?? String(decoding: done.classification, as: UTF8.self)
                categories[done.classification] = category
            }
            ledger.apply(PartnerRecord(
                key: String(decoding: memberID, as: UTF8.self) + "\u{0}" + id, timestamp: timestamp,
                withdrawn: done.kind.isTombstone, signals: done.signals, label: label, category: category))
        }

        private static func trimmed(_ bytes: [UInt8]) -> [UInt8] {
            guard let first = bytes.firstIndex(where: { !ASCIIText.isSpace($0) }),
                  let last = bytes.lastIndex(where: { !ASCIIText.isSpace($0) })
            else { return [] }
            return Array(bytes[first...last])
        }

        /// `value` as lower-case hex when it is exactly `digits` hex digits; nil otherwise (or for no digit count).
        private static func lowerHex(_ value: [UInt8], digits: Int?) -> String? {
            guard let digits, value.count == digits, value.allSatisfy({ ASCIIText.hexValue($0) != nil }) else { return nil }
            return String(decoding: value.map { ASCIIText.isLetter($0) ? $0 | 0x20 : $0 }, as: UTF8.self)
        }
    }
}
