import Foundation
import Testing

/// Runs Scripts/parquet-fixtures.py with the pyarrow venv named by `LINKSIEVE_PYTHON` (set by
/// Scripts/test.sh): fixtures are made by pyarrow, rewritten files are checked by pyarrow.
enum ParquetFixtures {
    struct Failure: Error, CustomStringConvertible {
        var description: String
    }

    static let repoRoot = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().deletingLastPathComponent()

    static let script = repoRoot.appendingPathComponent("Scripts/parquet-fixtures.py").path

    /// The fixture directory, generated once per test process.
    private static let generated: Result<(directory: URL, names: [String]), Failure> = {
        let directory = temporaryDirectory("fixtures")
        do {
            let output = try run(["generate", directory.path])
            let names = output.split(separator: "\n").map(String.init)
            guard !names.isEmpty else { return .failure(Failure(description: "the fixture script listed no fixtures")) }
            return .success((directory, names))
        } catch let error as Failure {
            return .failure(error)
        } catch {
            return .failure(Failure(description: "\(error)"))
        }
    }()

    static func directory() throws -> URL { try generated.get().directory }

    static func names() throws -> [String] { try generated.get().names }

    static func path(_ name: String) throws -> String {
        try directory().appendingPathComponent(name + ".parquet").path
    }

    static func temporaryDirectory(_ label: String) -> URL {
        let url = FileManager.default.temporaryDirectory
            .appendingPathComponent("linksieve-parquet-\(label)-\(UUID().uuidString)")
        try? FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
        return url
    }

    /// pyarrow's reading of `column` in `file`.
    static func strings(_ file: String, column: String) throws -> [String?] {
        let output = try run(["strings", file, column])
        guard let values = try JSONSerialization.jsonObject(with: Data(output.utf8)) as? [Any] else {
            throw Failure(description: "the fixture script printed no JSON list for \(column)")
        }
        return values.map { $0 as? String }
    }

    /// pyarrow's reading of `column` as `ParquetColumn.string(at:)` spells values (dates and times as integers).
    static func numbersAsText(_ file: String, column: String) throws -> [String?] {
        let output = try run(["numbers", file, column])
        guard let values = try JSONSerialization.jsonObject(with: Data(output.utf8)) as? [Any] else {
            throw Failure(description: "the fixture script printed no JSON list for \(column)")
        }
        return values.map { $0 as? String }
    }

    /// Asserts through pyarrow that `output` equals `input` minus `dropped`, schema, metadata and codec included.
    static func verify(input: String, output: String, dropped: [Int]) throws {
        _ = try run(["verify", input, output, dropped.map(String.init).joined(separator: ",")])
    }

    static func run(_ arguments: [String]) throws -> String {
        guard let python = ProcessInfo.processInfo.environment["LINKSIEVE_PYTHON"], !python.isEmpty else {
            throw Failure(description:
                "LINKSIEVE_PYTHON is not set: the Parquet tests need a python with pyarrow; run Scripts/test.sh, "
                + "or export LINKSIEVE_PYTHON=$(Scripts/python-env.sh)")
        }
        guard FileManager.default.isExecutableFile(atPath: python) else {
            throw Failure(description: "LINKSIEVE_PYTHON=\(python) is not an executable file")
        }
        // Output goes to files rather than pipes, so a chatty child can never block on a full pipe.
        let scratch = temporaryDirectory("run")
        defer { try? FileManager.default.removeItem(at: scratch) }
        let outURL = scratch.appendingPathComponent("stdout")
        let errURL = scratch.appendingPathComponent("stderr")
        try #require(FileManager.default.createFile(atPath: outURL.path, contents: nil))
        try #require(FileManager.default.createFile(atPath: errURL.path, contents: nil))
        let process = Process()
        process.executableURL = URL(fileURLWithPath: python)
        process.arguments = [script] + arguments
        process.standardOutput = try FileHandle(forWritingTo: outURL)
        process.standardError = try FileHandle(forWritingTo: errURL)
        try process.run()
        process.waitUntilExit()
        let output = (try? String(contentsOf: outURL, encoding: .utf8)) ?? ""
        guard process.terminationStatus == 0 else {
            let errors = (try? String(contentsOf: errURL, encoding: .utf8)) ?? ""
            throw Failure(description:
                "parquet-fixtures.py \(arguments.first ?? "") failed (\(process.terminationStatus)): \(errors)")
        }
        return output
    }
}
