/// Reads StopNCII `FetchHashes` pages (`hashRecords[]`). A record is the current state of one hash
/// (signal type + value): a later record (by `lastModtimestamp`) replaces an earlier one, and one whose
/// `hashStatus` is Withdrawn or Deleted removes the hash. ImagePDQ → pdq, VideoMD5 → md5 (a digest of
/// the file's bytes), URL → url; other signal types (VideoTMK, Text, …) are counted as skipped.
/// The record's case numbers become the entry's label.
enum StopNCIIImporter {
    static func read(path: String, into ledger: inout PartnerRecordLedger) throws(HashListError) {
        var stream = try JSONRecordStream(path: path, arrayKey: "hashRecords")
        try stream.forEachRecord { (record) throws(HashListError) in
            ledger.apply(try partnerRecord(record, path: path))
        }
    }

    private static func partnerRecord(_ record: JSONRecordStream.Record, path: String) throws(HashListError) -> PartnerRecord {
        let place = "hashRecords record \(record.number)"
        let type = try record.requiredText("signalType", path: path, place: place)
        let value = try record.requiredText("hashValue", path: path, place: place)
        let status = try record.requiredText("hashStatus", path: path, place: place)
        guard let timestamp = FeedTimestamp.seconds(try record.requiredText("lastModtimestamp", path: path, place: place)) else {
            throw .badEntry(path: path, line: record.line, message: "\(place): lastModtimestamp is not a time")
        }
        let withdrawn = ["withdrawn", "deleted"].contains(status.lowercased())
        let signal: PartnerRecord.Signal
        let key: String
        if let algorithm = algorithm(of: type) {
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
        var label = ""
        if case .object(let cases)? = record.members["caseNumbers"] { label = cases.sorted().joined(separator: " ") }
        return PartnerRecord(
            key: key, timestamp: timestamp, withdrawn: withdrawn, signals: [signal], label: label, category: nil)
    }

    private static func algorithm(of signalType: String) -> HashAlgorithm? {
        switch signalType {
        case "ImagePDQ": return .pdq
        case "VideoMD5": return .md5
        case "URL": return .url
        default: return nil
        }
    }
}
