import Foundation

/// Loads hash lists in every layout of `HashListFormat` (Hashlists/README.md). The layout is decided by
/// the first line that is not a comment; every value is checked and brought to canonical form, so
/// matching is plain equality, and the first unusable line stops loading with its file and line.
public enum HashListLoader {
    /// File names a folder contributes: these, optionally gzip-compressed (`.gz` appended).
    public static let listSuffixes = [".csv", ".tsv", ".txt", ".csv.gz", ".tsv.gz", ".txt.gz"]

    /// Partner pages in a folder: together they make one list, named after the folder.
    public static let pageSuffixes = [".xml", ".xml.gz", ".json", ".json.gz"]

    /// Each path is a list file, or a folder whose list files (`listSuffixes`) are loaded (by name, not
    /// recursively) and whose partner pages (`pageSuffixes`, in it or in a subfolder) make one list per
    /// folder. `defaultAlgorithm` is the algorithm of lists that do not name one themselves; `format`
    /// forces a layout instead of deciding it from the content.
    public static func load(
        paths: [String], defaultAlgorithm: HashAlgorithm? = nil, format: HashListFormat? = nil
    ) throws(HashListError) -> [HashList] {
        // Lists load side by side (one per core); each is read and parsed on its own.
        let sources = try listSources(paths: paths)
        var loaded = [Result<HashList, HashListError>?](repeating: nil, count: sources.count)
        loaded.withUnsafeMutableBufferPointer { slots in
            let slots = UnsafeSendableBuffer(slots)
            DispatchQueue.concurrentPerform(iterations: sources.count) { index in
                slots.buffer[index] = Result { () throws(HashListError) -> HashList in
                    try loadList(source: sources[index], defaultAlgorithm: defaultAlgorithm, format: format)
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
        try listSources(paths: paths).flatMap(\.files)
    }

    /// The lists `paths` name: files as given; a folder gives each of its list files, one list of its
    /// own partner pages, and one list per subfolder holding partner pages.
    public static func listSources(paths: [String]) throws(HashListError) -> [ListSource] {
        var sources = [ListSource]()
        for path in paths {
            guard let isFolder = kind(of: path) else {
                throw .cannotRead(path: path, reason: FileProblem.danglingLink(path) ?? "no such file or directory")
            }
            guard isFolder else {
                sources.append(ListSource(file: path))
                continue
            }
            let folder = path.hasSuffix("/") ? String(path.dropLast()) : path
            var pages = [String]()
            for name in try folderNames(folder) {
                let child = folder + "/" + name
                switch kind(of: child) {
                case false?:
                    if listSuffixes.contains(where: { name.hasSuffix($0) }) {
                        sources.append(ListSource(file: child))
                    } else if pageSuffixes.contains(where: { name.hasSuffix($0) }) {
                        pages.append(child)
                    }
                case true?:
                    let subPages = try folderNames(child).filter { page in
                        pageSuffixes.contains { page.hasSuffix($0) } && kind(of: child + "/" + page) == false
                    }
                    if !subPages.isEmpty {
                        sources.append(ListSource(name: name, path: child, files: subPages.map { child + "/" + $0 }))
                    }
                case nil:
                    break
                }
            }
            if !pages.isEmpty {
                let name = folder.split(separator: "/").last.map(String.init) ?? folder
                sources.append(ListSource(name: name, path: folder, files: pages))
            }
        }
        guard !sources.isEmpty else { throw .noLists(paths: paths) }
        return sources
    }

    /// true for a folder, false for a file, nil if nothing is there.
    private static func kind(of path: String) -> Bool? {
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory) else { return nil }
        return isDirectory.boolValue
    }

    private static func folderNames(_ folder: String) throws(HashListError) -> [String] {
        do {
            return try FileManager.default.contentsOfDirectory(atPath: folder).sorted()
        } catch {
            throw .cannotRead(path: folder, reason: "cannot list the folder: \(FileProblem.reason(path: folder, error: error))")
        }
    }

    /// One list file of any supported layout.
    public static func loadList(
        path: String, defaultAlgorithm: HashAlgorithm? = nil, format: HashListFormat? = nil
    ) throws(HashListError) -> HashList {
        try loadList(source: ListSource(file: path), defaultAlgorithm: defaultAlgorithm, format: format)
    }

    /// One list: a file of any supported layout, or a folder of partner pages of one feed format.
    public static func loadList(
        source: ListSource, defaultAlgorithm: HashAlgorithm? = nil, format forced: HashListFormat? = nil
    ) throws(HashListError) -> HashList {
        if source.files.count == 1, source.files[0] == source.path {
            let path = source.path
            let digest = try fileSHA256(path: path)
            var format = forced
            if format == nil { format = try PartnerFeedFormat.detect(path: path) }
            if let format, format.isFeed {
                var ledger = PartnerRecordLedger()
                try readFeed(path: path, format: format, into: &ledger)
                var builder = HashListBuilder()
                ledger.build(into: &builder)
                return builder.build(name: source.name, path: path, sha256: digest, format: format)
            }
            return try loadLineList(path: path, name: source.name, sha256: digest, defaultAlgorithm: defaultAlgorithm, forced: forced)
        }
        // A folder of pages: every page is of one feed format, and records apply across pages by timestamp.
        var ledger = PartnerRecordLedger()
        var format: HashListFormat?
        var digests = [String]()
        for path in source.files {
            var pageFormat = forced
            if pageFormat == nil { pageFormat = try PartnerFeedFormat.detect(path: path) }
            guard let pageFormat, pageFormat.isFeed else {
                throw .badHeader(
                    path: path, line: 1,
                    message: "a folder of pages holds NCMEC XML, StopNCII JSON or Tech Against Terrorism JSON pages")
            }
            if let format, format != pageFormat {
                throw .badHeader(
                    path: path, line: 1,
                    message: "the page is \(pageFormat.rawValue), but earlier pages of \(source.name) are \(format.rawValue)")
            }
            format = pageFormat
            digests.append((path.split(separator: "/").last.map(String.init) ?? path) + " " + (try fileSHA256(path: path)) + "\n")
            try readFeed(path: path, format: pageFormat, into: &ledger)
        }
        var builder = HashListBuilder()
        ledger.build(into: &builder)
        // The list's digest covers every page: SHA-256 of "name sha256\n" per page, in name order.
        return builder.build(
            name: source.name, path: source.path, sha256: SHA256Hex.of(Array(digests.joined().utf8)), format: format!)
    }

    private static func readFeed(path: String, format: HashListFormat, into ledger: inout PartnerRecordLedger) throws(HashListError) {
        switch format {
        case .ncmecXML: try NCMECXMLImporter.read(path: path, into: &ledger)
        case .stopNCIIJSON: try StopNCIIImporter.read(path: path, into: &ledger)
        case .tatJSON: try TATImporter.read(path: path, into: &ledger)
        default: preconditionFailure("\(format.rawValue) is not a feed format")
        }
    }

    /// The line-per-entry and table layouts, decided by the first line that is not a comment.
    private static func loadLineList(
        path: String, name: String, sha256 digest: String, defaultAlgorithm: HashAlgorithm?, forced: HashListFormat?
    ) throws(HashListError) -> HashList {
        let preamble = try ListPreamble.read(path: path)
        let settings = ListSettings(
            algorithm: preamble.algorithm ?? defaultAlgorithm, label: preamble.label ?? "", category: preamble.category)
        var builder = HashListBuilder()
        let format: HashListFormat
        var shape = preamble.shape
        if forced == .threatExchange {
            if case .empty = shape {} else { shape = .threatExchange }
        }
        switch shape {
        case .empty:
            throw .badHeader(path: path, line: preamble.firstLine, message: "the list has no header line and no entries")
        case .threatExchange:
            format = .threatExchange
            try ThreatExchangeFileImporter.importLines(path: path, settings: settings, into: &builder)
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
        if let forced, forced != format {
            throw .badHeader(
                path: path, line: preamble.firstLine,
                message: "--list-format \(forced.rawValue) was asked for, but the list reads as \(format.rawValue)")
        }
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
