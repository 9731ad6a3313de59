import Foundation
import Linksieve

/// `linksieve demo`: the whole pipeline on a generated dataset served from 127.0.0.1, with a
/// check that every row ended where the dataset planted it.
public struct DemoRun {
    public var imageCount = 200
    public var directory: String
    public var showProgress = false
    /// Delete the output folder even when it holds files a demo scan does not write.
    public var force = false

    public init(directory: String) {
        self.directory = directory
    }

    public struct Outcome {
        public let report: ScanReport
        public let options: ScanOptions
        /// Rows whose verdict differs from what the dataset planted (empty when all is well).
        public let mismatches: [String]
        /// Requests that reached the demo server.
        public let requests: Int
    }

    public func run() throws -> Outcome {
        let dataset = DemoDataset.make(count: imageCount)
        let server = try DemoServer(dataset: dataset)
        defer { server.stop() }

        let lists = directory + "/lists"
        try FileManager.default.createDirectory(atPath: lists, withIntermediateDirectories: true)
        try dataset.contentList.write(toFile: lists + "/demo.csv", atomically: true, encoding: .utf8)
        try dataset.urlList(baseURL: server.baseURL)
            .write(toFile: lists + "/demo-urls.csv", atomically: true, encoding: .utf8)
        let manifest = directory + "/manifest.csv"
        try dataset.manifestCSV(baseURL: server.baseURL).write(toFile: manifest, atomically: true, encoding: .utf8)

        var options = ScanOptions(manifestPath: manifest, listPaths: [lists], outputDirectory: directory + "/out")
        // The demo server listens on loopback only, which a real scan refuses by default.
        options.fetch.allowPrivateAddresses = true
        // One host serves every image, from one thread per connection: a fixed window of 256, all
        // of it for that host (the adaptive per-host limit would spend the demo ramping up).
        options.fetch.concurrency = 256
        options.fetch.perHost = 256
        options.fetch.maxPerHost = 256
        options.showProgress = showProgress
        options.commandLine = "linksieve demo"
        // A rerun of the demo starts afresh rather than resuming an older dataset's state.
        try Self.clearOutputs(options.outputDirectory, force: force)
        let report = try Scan(options: options).run()

        let verdicts = try Self.verdicts(in: options.outputDirectory)
        var mismatches: [String] = []
        for (row, planted) in dataset.rows.enumerated() where verdicts[row] != planted.plant.expectedVerdict {
            mismatches.append("row \(row) (\(planted.plant.rawValue)): expected \(planted.plant.expectedVerdict.rawValue), got \(verdicts[row]?.rawValue ?? "nothing")")
        }
        return Outcome(report: report, options: options, mismatches: mismatches, requests: server.requestCount)
    }

    /// Removes an earlier demo's outputs, one known file at a time. A folder holding anything a
    /// scan does not write is someone else's: refused unless `force`, which deletes it whole.
    static func clearOutputs(_ directory: String, force: Bool) throws {
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: directory, isDirectory: &isDirectory) else { return }
        if force {
            try FileManager.default.removeItem(atPath: directory)
            return
        }
        guard isDirectory.boolValue else { throw DemoError.notADirectory(path: directory) }
        let names = try FileManager.default.contentsOfDirectory(atPath: directory).sorted()
        let foreign = names.filter { !OutputDirectory.isOutputName($0) }
        guard foreign.isEmpty else { throw DemoError.foreignFiles(directory: directory, names: foreign) }
        for name in names { try FileManager.default.removeItem(atPath: directory + "/" + name) }
    }

    /// Reads the verdict of every row back from the three output files.
    static func verdicts(in directory: String) throws -> [Int: RowResult.Verdict] {
        var verdicts: [Int: RowResult.Verdict] = [:]
        for (file, verdict) in [("quarantine.jsonl", RowResult.Verdict.quarantined), ("rejected.jsonl", .rejected)] {
            let text = try String(contentsOfFile: directory + "/" + file, encoding: .utf8)
            for line in text.split(separator: "\n") {
                let object = try JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any]
                if let row = object?["row"] as? Int { verdicts[row] = verdict }
            }
        }
        // Kept rows are identified by their caption, which names the row ("Demo picture N, …").
        let cleansed = try String(contentsOfFile: directory + "/cleansed.csv", encoding: .utf8)
        for line in cleansed.split(separator: "\n") {
            guard let range = line.range(of: "Demo picture ") else { continue }
            if let row = Int(line[range.upperBound...].prefix { $0.isNumber }) { verdicts[row] = .kept }
        }
        return verdicts
    }
}
