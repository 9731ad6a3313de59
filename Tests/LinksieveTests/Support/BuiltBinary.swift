import Foundation
import Testing

/// Runs the `linksieve` executable that `swift test` builds beside the test bundle.
enum BuiltBinary {
    struct Result {
        let status: Int32
        let stdout: String
        let stderr: String
    }

    static var path: String {
        let testBinary = URL(fileURLWithPath: CommandLine.arguments[0]).resolvingSymlinksInPath()
        var directory = testBinary.deletingLastPathComponent()
        // The runner may sit inside a bundle directory; walk up to the build products folder.
        for _ in 0..<4 {
            let candidate = directory.appendingPathComponent("linksieve").path
            if FileManager.default.isExecutableFile(atPath: candidate) { return candidate }
            directory = directory.deletingLastPathComponent()
        }
        return testBinary.deletingLastPathComponent().appendingPathComponent("linksieve").path
    }

    /// Runs the binary from a bash that first runs `setup` (`umask 077`, `ulimit -f 64`, …), which the
    /// binary then inherits; the test process itself is left as it was.
    static func run(_ arguments: [String], after setup: String) throws -> Result {
        try run(["-c", setup + "; exec \"$0\" \"$@\"", path] + arguments, executable: "/bin/bash")
    }

    static func run(_ arguments: [String], in directory: String? = nil, executable: String = path, input: [UInt8]? = nil
    ) throws -> Result {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: executable)
        process.arguments = arguments
        if let directory { process.currentDirectoryURL = URL(fileURLWithPath: directory) }
        let out = Pipe()
        let err = Pipe()
        process.standardOutput = out
        process.standardError = err
        let stdin = Pipe()
        if input != nil { process.standardInput = stdin }
        try process.run()
        if let input {
            stdin.fileHandleForWriting.write(Data(input))
            try stdin.fileHandleForWriting.close()
        }
        // Read before waiting, so a chatty child cannot block on a full pipe.
        let stdout = out.fileHandleForReading.readDataToEndOfFile()
        let stderr = err.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return Result(status: process.terminationStatus, stdout: String(decoding: stdout, as: UTF8.self),
                      stderr: String(decoding: stderr, as: UTF8.self))
    }
}
