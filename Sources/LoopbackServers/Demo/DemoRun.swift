import Foundation
import Linksieve

/// `linksieve demo`: the whole pipeline on a generated dataset served from 127.0.0.1, with a
/// check that every row ended where the dataset planted it.
public struct DemoRun {
    public var imageCount = 200
    public var directory: String
    public var showProgress = false

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
        // One host serves every image; the per-host politeness limit would serialise the demo.
        options.fetch.perHost = options.fetch.concurrency
        options.showProgress = showProgress
        options.commandLine = "linksieve demo"
        // A rerun of the demo starts afresh rather than resuming an older dataset's state.
        try? FileManager.default.removeItem(atPath: options.outputDirectory)
        let report = try Scan(options: options).run()

        let verdicts = try Self.verdicts(in: options.outputDirectory)
        var mismatches: [String] = []
        for (row, planted) in dataset.rows.enumerated() where verdicts[row] != planted.plant.expectedVerdict {
            mismatches.append("row \(row) (\(planted.plant.rawValue)): expected \(planted.plant.expectedVerdict.rawValue), got \(verdicts[row]?.rawValue ?? "nothing")")
        }
        return Outcome(report: report, options: options, mismatches: mismatches, requests: server.requestCount)
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
