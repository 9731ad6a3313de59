import Foundation
import Testing

/// Runs Scripts/parquet-fixtures.py with the pyarrow venv named by `LINKSIEVE_PYTHON` (set by
/// Scripts/test.sh): fixtures are made by pyarrow, rewritten files are checked by pyarrow.
enum ParquetFixtures {
    struct Failure: Error, CustomStringConvertible {
        var description: String
    }

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
        do {
            return try PythonScript.run("parquet-fixtures.py", arguments)
        } catch let error as PythonScript.Failure {
            throw Failure(description: error.description)
        }
    }
}
