import Foundation
import Testing

@testable import Linksieve

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

    /// Rewrites fixture `name` into a new file under a temporary folder `label` with linksieve's
    /// writer (same schema, metadata, codec and dictionary-encoded columns), keeping of each row
    /// group the rows `keep` returns for it (given the group's index, the group and the file row
    /// it starts at). Returns the input's path and reader, the output's path and the file rows
    /// left out.
    static func rewrite(
        _ name: String, in label: String,
        keeping keep: (_ index: Int, _ group: ParquetRowGroup, _ first: Int) -> [Int]
    ) throws -> (input: String, reader: ParquetReader, output: String, dropped: [Int]) {
        let input = try path(name)
        let output = temporaryDirectory(label).appendingPathComponent("\(name).parquet").path
        let reader = try ParquetReader(path: input)
        let writer = try ParquetWriter(
            path: output, schema: reader.schema, keyValueMetadata: reader.keyValueMetadata, codec: reader.codec,
            dictionaryColumns: reader.dictionaryEncodedColumns)
        var dropped = [Int]()
        var first = 0
        for index in 0..<reader.rowGroupCount {
            let group = try reader.readRowGroup(index)
            let kept = keep(index, group, first)
            let keptSet = Set(kept)
            dropped += (0..<group.rowCount).filter { !keptSet.contains($0) }.map { first + $0 }
            try writer.write(group.filtered(keeping: kept))
            first += group.rowCount
        }
        try writer.close()
        return (input, reader, output, dropped)
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
