import Foundation
import Testing

/// Runs one of the repository's Python scripts (Scripts/…) with the venv python that
/// `LINKSIEVE_PYTHON` names (Scripts/test.sh sets it from Scripts/python-env.sh).
enum PythonScript {
    struct Failure: Error, CustomStringConvertible {
        var description: String
    }

    static let repoRoot = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent()  // Support
        .deletingLastPathComponent()  // LinksieveTests
        .deletingLastPathComponent()  // Tests
        .deletingLastPathComponent()

    /// Runs `Scripts/<name>` with `arguments`; returns its standard output, or throws with its standard error.
    static func run(_ name: String, _ arguments: [String]) throws -> String {
        guard let python = ProcessInfo.processInfo.environment["LINKSIEVE_PYTHON"], !python.isEmpty else {
            throw Failure(description:
                "LINKSIEVE_PYTHON is not set: \(name) needs the venv python; run Scripts/test.sh, "
                + "or export LINKSIEVE_PYTHON=$(Scripts/python-env.sh)")
        }
        guard FileManager.default.isExecutableFile(atPath: python) else {
            throw Failure(description: "LINKSIEVE_PYTHON=\(python) is not an executable file")
        }
        // Output goes to files rather than pipes, so a chatty child can never block on a full pipe.
        let scratch = FileManager.default.temporaryDirectory.appendingPathComponent("linksieve-python-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: scratch, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: scratch) }
        let outURL = scratch.appendingPathComponent("stdout")
        let errURL = scratch.appendingPathComponent("stderr")
        try #require(FileManager.default.createFile(atPath: outURL.path, contents: nil))
        try #require(FileManager.default.createFile(atPath: errURL.path, contents: nil))
        let process = Process()
        process.executableURL = URL(fileURLWithPath: python)
        process.arguments = [repoRoot.appendingPathComponent("Scripts/" + name).path] + arguments
        process.standardOutput = try FileHandle(forWritingTo: outURL)
        process.standardError = try FileHandle(forWritingTo: errURL)
        try process.run()
        process.waitUntilExit()
        let output = (try? String(contentsOf: outURL, encoding: .utf8)) ?? ""
        guard process.terminationStatus == 0 else {
            let errors = (try? String(contentsOf: errURL, encoding: .utf8)) ?? ""
            throw Failure(description:
                "\(name) \(arguments.first ?? "") failed (\(process.terminationStatus)): \(errors)")
        }
        return output
    }
}
