/// Reads a Tech Against Terrorism hash list (`results[]` of `hash_digest`, `algorithm`, `ideology`,
/// `file_type`, `deleted`, `updated_on`). An entry is its algorithm + digest: a later record (by
/// `updated_on`) replaces an earlier one and a `deleted` one removes it. MD5 is kept whatever the file
/// type (a digest of bytes matches those bytes anywhere); PDQ as pdq; other algorithms are counted as
/// skipped. The ideology becomes the category, the file type the label.
enum TATImporter {
    static func read(path: String, into ledger: inout PartnerRecordLedger) throws(HashListError) {
        var stream = try JSONRecordStream(path: path, arrayKey: "results")
        try stream.forEachRecord { (record) throws(HashListError) in
            ledger.apply(try partnerRecord(record, path: path))
        }
    }

    private static func partnerRecord(_ record: JSONRecordStream.Record, path: String) throws(HashListError) -> PartnerRecord {
        let place = "results record \(record.number)"
        let type = try record.requiredText("algorithm", path: path, place: place)
        let value = try record.requiredText("hash_digest", path: path, place: place)
        let timestamp: Double
        if let stamp = record.members["updated_on"]?.text {
            guard let seconds = FeedTimestamp.seconds(stamp) else {
                throw .badEntry(path: path, line: record.line, message: "\(place): updated_on is not a time")
            }
            timestamp = seconds
        } else {
            timestamp = 0
        }
        let withdrawn: Bool
        switch record.members["deleted"] {
        case nil, .null?, .bool(false)?: withdrawn = false
        case .bool(true)?: withdrawn = true
        default: throw .badEntry(path: path, line: record.line, message: "\(place): deleted is not true or false")
        }
        let signal: PartnerRecord.Signal
        let key: String
        if let algorithm = HashAlgorithm(rawValue: type.lowercased()), [.md5, .pdq, .sha1, .sha256].contains(algorithm) {
            let canonical: String
            do {
                canonical = try algorithm.canonicalValue(value)
            } catch {
                throw .badEntry(path: path, line: record.line, message: "\(place) (\(type)): \(error.message)")
            }
            signal = .entry(algorithm, canonical)
            key = algorithm.rawValue + "\u{0}" + canonical
        } else {
            signal = .skipped(type)
            key = type + "\u{0}" + value
        }
        let ideology = record.members["ideology"]?.text
        return PartnerRecord(
            key: key, timestamp: timestamp, withdrawn: withdrawn, signals: [signal],
            label: record.members["file_type"]?.text ?? "", category: ideology?.isEmpty == false ? ideology : nil)
    }
}
