import Foundation

/// Expands what a user names as manifests into manifest files: a folder stands for every
/// manifest file directly inside it (LAION ships hundreds of Parquet parts), sorted by name,
/// except linksieve's own outputs (`cleansed.*`, `quarantine.jsonl`, … and their temporaries),
/// which an earlier scan may have left there. Subfolders (such as part output folders) are not entered.
public enum ManifestParts {
    /// `skipped` is told of each output file left out of a folder.
    public static func expand(_ paths: [String], skipped: (String) -> Void = { _ in }) throws -> [String] {
        var parts: [String] = []
        for path in paths {
            var isDirectory: ObjCBool = false
            guard FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory) else {
                throw ManifestError.cannotOpen(path: path, reason: FileProblem.danglingLink(path) ?? "no such file or folder")
            }
            guard isDirectory.boolValue else {
                parts.append(path)
                continue
            }
            let names: [String]
            do {
                names = try FileManager.default.contentsOfDirectory(atPath: path).sorted()
            } catch {
                throw ManifestError.cannotOpen(path: path, reason: "cannot list the folder: \(FileProblem.reason(path: path, error: error))")
            }
            var manifests: [String] = []
            for name in names where (try? ManifestFormat.detect(path: name)) != nil {
                var isFolder: ObjCBool = false
                guard FileManager.default.fileExists(atPath: path + "/" + name, isDirectory: &isFolder),
                      !isFolder.boolValue
                else { continue }
                if OutputDirectory.isOutputName(name) {
                    skipped(path + "/" + name)
                } else {
                    manifests.append(name)
                }
            }
            guard !manifests.isEmpty else {
                throw ManifestError.cannotOpen(path: path, reason: "the folder holds no .csv, .tsv, .jsonl (.gz) or .parquet files")
            }
            parts += manifests.map { path + "/" + $0 }
        }
        // Parts that would share an output folder (a.csv beside a.csv.gz) are refused before any scan.
        var seen: [String: String] = [:]
        for part in parts {
            let folder = outputDirectory(for: part, under: "")
            if let other = seen.updateValue(part, forKey: folder) {
                throw ManifestError.cannotOpen(
                    path: part, reason: "its outputs would go to the same folder as \(other)'s; scan them separately")
            }
        }
        return parts
    }

    /// The output folder of one part when a scan covers several: `out/<file name without extensions>`.
    public static func outputDirectory(for part: String, under out: String) -> String {
        var name = (part as NSString).lastPathComponent
        if name.lowercased().hasSuffix(".gz") { name = String(name.dropLast(3)) }
        return out + "/" + (name as NSString).deletingPathExtension
    }
}
