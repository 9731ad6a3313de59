import Foundation

/// Loads hash lists in every layout of `HashListFormat` (Hashlists/README.md). The layout is decided by
/// the first line that is not a comment; every value is checked and brought to canonical form, so
/// matching is plain equality, and the first unusable line stops loading with its file and line.
public enum HashListLoader {
    /// File names a folder contributes: these, optionally gzip-compressed (`.gz` appended).
    public static let listSuffixes = [".csv", ".tsv", ".txt", ".csv.gz", ".tsv.gz", ".txt.gz"]

    /// Each path is a list file, or a folder whose list files (`listSuffixes`) are loaded (by name, not
    /// recursively). `defaultAlgorithm` is the algorithm of lists that do not name one themselves.
    public static func load(paths: [String], defaultAlgorithm: HashAlgorithm? = nil) throws(HashListError) -> [HashList] {
        // Files load side by side (one per core); each is read and parsed on its own.
        let files = try listFiles(paths: paths)
        var loaded = [Result<HashList, HashListError>?](repeating: nil, count: files.count)
        loaded.withUnsafeMutableBufferPointer { slots in
            let slots = UnsafeSendableBuffer(slots)
            DispatchQueue.concurrentPerform(iterations: files.count) { index in
                slots.buffer[index] = Result { () throws(HashListError) -> HashList in
                    try loadList(path: files[index], defaultAlgorithm: defaultAlgorithm)
                }
            }
        }
        var lists = [HashList]()
        for result in loaded {
            let list = try result!.get()
            if let other = lists.first(where: { $0.name == list.name }) {
                throw .duplicateName(name: list.name, paths: [other.path, list.path])
            }
            lists.append(list)
        }
        return lists
    }

    /// The list files `paths` name: files as given, folders expanded to their list files sorted by name.
    public static func listFiles(paths: [String]) throws(HashListError) -> [String] {
        var files = [String]()
        for path in paths {
            var isDirectory: ObjCBool = false
            guard FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory) else {
                throw .cannotRead(path: path, reason: FileProblem.danglingLink(path) ?? "no such file or directory")
            }
            guard isDirectory.boolValue else {
                files.append(path)
                continue
            }
            let names: [String]
            do {
                names = try FileManager.default.contentsOfDirectory(atPath: path)
            } catch {
                throw .cannotRead(path: path, reason: "cannot list the folder: \(FileProblem.reason(path: path, error: error))")
            }
            let folder = path.hasSuffix("/") ? path : path + "/"
            for name in names.sorted() where listSuffixes.contains(where: { name.hasSuffix($0) }) {
                var isFolder: ObjCBool = false
                if FileManager.default.fileExists(atPath: folder + name, isDirectory: &isFolder), !isFolder.boolValue {
                    files.append(folder + name)
                }
            }
        }
        guard !files.isEmpty else { throw .noLists(paths: paths) }
        return files
    }

    /// One list file of any supported layout.
    public static func loadList(path: String, defaultAlgorithm: HashAlgorithm? = nil) throws(HashListError) -> HashList {
        let digest = try fileSHA256(path: path)
        let preamble = try ListPreamble.read(path: path)
        let settings = ListSettings(
            algorithm: preamble.algorithm ?? defaultAlgorithm, label: preamble.label ?? "", category: preamble.category)
        var builder = HashListBuilder()
        let format: HashListFormat
        switch preamble.shape {
        case .empty:
            throw .badHeader(path: path, line: preamble.firstLine, message: "the list has no header line and no entries")
        case .pdqQuality:
            format = .pdqQuality
            if let named = preamble.algorithm, named != .pdq {
                throw .badHeader(
                    path: path, line: preamble.firstLine,
                    message: "a line of hex and quality is a pdq list, but the list names the algorithm \(named.rawValue)")
            }
            try LineListImporter.importPDQQuality(path: path, settings: settings, into: &builder)
        case .lines(let first):
            format = .lines
            let algorithm: HashAlgorithm
            if let named = settings.algorithm {
                algorithm = named
            } else {
                algorithm = try LineListImporter.inferAlgorithm(first, path: path, line: preamble.firstLine)
            }
            try LineListImporter.importLines(path: path, algorithm: algorithm, settings: settings, into: &builder)
        case .header(let tabs):
            format = try TableListImporter.importTable(
                path: path, syntax: tabs ? .tsv : .csv, settings: settings, into: &builder)
        }
        let name = path.split(separator: "/").last.map(String.init) ?? path
        return builder.build(name: name, path: path, sha256: digest, format: format)
    }

    /// SHA-256 of the file's stored bytes, read in chunks.
    private static func fileSHA256(path: String) throws(HashListError) -> String {
        // A device such as /dev/zero would be read for ever; a list is a regular file.
        if let kind = FileProblem.kind(path) { throw .cannotRead(path: path, reason: kind) }
        guard let handle = FileHandle(forReadingAtPath: path) else {
            throw .cannotRead(path: path, reason: FileProblem.danglingLink(path) ?? FileProblem.reason(errno: errno))
        }
        defer { try? handle.close() }
        let digest = SHA256Hex.Stream()
        while true {
            let chunk: Data
            do {
                chunk = try handle.read(upToCount: 1 << 20) ?? Data()
            } catch {
                throw .cannotRead(path: path, reason: FileProblem.reason(path: path, error: error))
            }
            if chunk.isEmpty { break }
            chunk.withUnsafeBytes { digest.update($0) }
        }
        return digest.finalHex()
    }
}
