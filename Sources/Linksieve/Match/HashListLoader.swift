import Foundation

/// Loads hash lists in the native format (Hashlists/README.md): CSV with a header naming at least
/// `algorithm,value,label`, `#` comment lines, plain or gzip. Every value is checked and brought to
/// canonical form here, so matching is plain equality.
public enum HashListLoader {
    /// Each path is a list file, or a folder whose `*.csv` and `*.csv.gz` files are loaded (by name, not recursively).
    public static func load(paths: [String]) throws(HashListError) -> [HashList] {
        var files = [String]()
        for path in paths {
            var isDirectory: ObjCBool = false
            guard FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory) else {
                throw .cannotRead(path: path, reason: "no such file or directory")
            }
            guard isDirectory.boolValue else {
                files.append(path)
                continue
            }
            let names: [String]
            do {
                names = try FileManager.default.contentsOfDirectory(atPath: path)
            } catch {
                throw .cannotRead(path: path, reason: "cannot list the folder")
            }
            let folder = path.hasSuffix("/") ? path : path + "/"
            for name in names.sorted() where name.hasSuffix(".csv") || name.hasSuffix(".csv.gz") {
                var isFolder: ObjCBool = false
                if FileManager.default.fileExists(atPath: folder + name, isDirectory: &isFolder), !isFolder.boolValue {
                    files.append(folder + name)
                }
            }
        }
        guard !files.isEmpty else { throw .noLists(paths: paths) }

        var lists = [HashList]()
        for file in files {
            let list = try loadList(path: file)
            if let other = lists.first(where: { $0.name == list.name }) {
                throw .duplicateName(name: list.name, paths: [other.path, list.path])
            }
            lists.append(list)
        }
        return lists
    }

    private struct EntryKey: Hashable {
        let algorithm: HashAlgorithm
        let value: String
    }

    private static func loadList(path: String) throws(HashListError) -> HashList {
        let digest = try fileSHA256(path: path)
        let records: TextRecordReader
        do {
            records = TextRecordReader(input: try ZlibFileInput(path: path), syntax: .csv, commentPrefix: UInt8(ascii: "#"))
        } catch {
            throw listError(error, path: path)
        }

        var columns: (algorithm: Int, value: Int, label: Int, category: Int?, count: Int)?
        var entries = [HashListEntry]()
        var seen = Set<EntryKey>()
        while true {
            let next: TextRecordReader.RawRecord?
            do {
                next = try records.next()
            } catch {
                throw listError(error, path: path)
            }
            guard let record = next else { break }
            if record.isComment || record.isBlank { continue }
            let line = record.line
            if let problem = record.problem {
                throw columns == nil
                    ? .badHeader(path: path, line: line, message: problem)
                    : .badEntry(path: path, line: line, message: problem)
            }
            guard let fields = decodedFields(record) else {
                throw .badEntry(path: path, line: line, message: "the line is not valid UTF-8")
            }
            guard let layout = columns else {
                let names = fields.map { $0.lowercased() }
                guard let algorithm = names.firstIndex(of: "algorithm"), let value = names.firstIndex(of: "value"),
                      let label = names.firstIndex(of: "label")
                else {
                    throw .badHeader(
                        path: path, line: line,
                        message: "the header must name the columns algorithm, value and label (found: \(fields.joined(separator: ",")))")
                }
                columns = (algorithm, value, label, names.firstIndex(of: "category"), names.count)
                continue
            }
            guard fields.count == layout.count else {
                throw .badEntry(path: path, line: line, message: "expected \(layout.count) fields, found \(fields.count)")
            }
            let name = fields[layout.algorithm].lowercased()
            guard let algorithm = HashAlgorithm(rawValue: name) else {
                let known = HashAlgorithm.allCases.map(\.rawValue).joined(separator: ", ")
                throw .badEntry(path: path, line: line, message: "unknown algorithm \"\(name)\" (known: \(known))")
            }
            let value: String
            do {
                value = try algorithm.canonicalValue(fields[layout.value])
            } catch {
                throw .badEntry(path: path, line: line, message: error.message)
            }
            // The first occurrence of a value keeps its label; later duplicates add nothing.
            guard seen.insert(EntryKey(algorithm: algorithm, value: value)).inserted else { continue }
            let category = layout.category.map { fields[$0] }.flatMap { $0.isEmpty ? nil : $0 }
            entries.append(HashListEntry(algorithm: algorithm, value: value, label: fields[layout.label], category: category))
        }
        guard columns != nil else {
            throw .badHeader(path: path, line: 1, message: "the list has no header line (algorithm,value,label)")
        }
        let name = path.split(separator: "/").last.map(String.init) ?? path
        return HashList(name: name, path: path, sha256: digest, entries: entries)
    }

    /// The record's fields with quoting undone and surrounding whitespace trimmed; nil if not UTF-8.
    private static func decodedFields(_ record: TextRecordReader.RawRecord) -> [String]? {
        var fields = [String]()
        for span in record.fields {
            guard let text = record.text(of: span) else { return nil }
            fields.append(ASCIIText.trimmed(text))
        }
        return fields
    }

    private static func listError(_ error: ManifestError, path: String) -> HashListError {
        switch error {
        case .cannotOpen(_, let reason): return .cannotRead(path: path, reason: reason)
        case .readFailed(_, let line, let reason): return .badEntry(path: path, line: line, message: "read failed: \(reason)")
        case .recordTooLong(_, let line, let limit): return .badEntry(path: path, line: line, message: "line longer than \(limit) bytes")
        default: return .cannotRead(path: path, reason: error.description)
        }
    }

    /// SHA-256 of the file's stored bytes, read in chunks.
    private static func fileSHA256(path: String) throws(HashListError) -> String {
        guard let handle = FileHandle(forReadingAtPath: path) else {
            throw .cannotRead(path: path, reason: "cannot open the file")
        }
        defer { try? handle.close() }
        let digest = SHA256Hex.Stream()
        while true {
            let chunk: Data
            do {
                chunk = try handle.read(upToCount: 1 << 20) ?? Data()
            } catch {
                throw .cannotRead(path: path, reason: "\(error)")
            }
            if chunk.isEmpty { break }
            chunk.withUnsafeBytes { digest.update($0) }
        }
        return digest.finalHex()
    }
}
