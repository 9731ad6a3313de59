import Foundation

/// Reads one row's caption back from the manifest a state is bound to, for the review UI's "show
/// text": the state database stores no captions. The manifest is streamed up to the row (seconds
/// for rows deep in a large manifest, and only when a reviewer asks), and the row's URL must still
/// be the one the state holds, or the caption is reported unavailable rather than another row's.
enum ManifestCaption {
    /// Caption column names tried in order (exactly, then case-insensitively): LAION's `TEXT` and
    /// `caption`, and the usual alternatives.
    static let columns = ["caption", "TEXT", "text", "alt", "title"]

    static func read(row: Int, binding: ManifestBinding, expectedURL: String?) -> ReviewCaption {
        guard FileManager.default.fileExists(atPath: binding.path) else {
            return .unavailable("the manifest \(binding.path) is not there any more")
        }
        var captionReader: (any ManifestRecordSource)?
        for column in columns {
            if let reader = try? ManifestInput.open(path: binding.path, urlColumn: column) {
                captionReader = reader
                break
            }
        }
        guard let captionReader else {
            return .unavailable("the manifest \(binding.path) has no caption column (\(columns.joined(separator: ", ")))")
        }
        do {
            let urlReader = try ManifestInput.open(path: binding.path, urlColumn: binding.urlColumn)
            while let record = try captionReader.next() {
                let urlRecord = try urlReader.next()
                guard record.index == row else { continue }
                if let expectedURL, case .success(let url) = urlRecord?.url, url != expectedURL {
                    return .unavailable("row \(row) of \(binding.path) no longer has the URL the state holds")
                }
                switch record.url {
                case .success(let caption): return .text(caption)
                case .failure: return .text("")
                }
            }
            return .unavailable("\(binding.path) has no row \(row)")
        } catch {
            return .unavailable("\(binding.path): \(error)")
        }
    }
}
