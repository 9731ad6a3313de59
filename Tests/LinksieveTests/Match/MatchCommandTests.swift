import Foundation
import Testing
@testable import Linksieve

/// `linksieve match` and `linksieve lists check` end to end: the built binary on generated lists.
@Suite("linksieve match and lists check")
struct MatchCommandTests {
    static let md5 = "d41d8cd98f00b204e9800998ecf8427e"
    static let pdq = "f8f8f0cee0f4a84f06370a22038f63f0b36e2ed596621e1d33e6b39c4e9c9b22"

    static func json(_ stdout: String) throws -> [[String: Any]] {
        try stdout.split(separator: "\n").map { line in
            try #require(try JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any])
        }
    }

    @Test("prints one JSON line per match, reports a bad query line by number and exits 1, with phase times")
    func matchFile() throws {
        let folder = try TemporaryDirectory()
        try folder.write("a.txt", "# algorithm: pdq\n# label: demo-pdq\n\(Self.pdq)\n")
        try folder.write("b.csv", "md5,label\n\(Self.md5),demo-md5\n")
        let queries = try folder.write("queries", "md5:\(Self.md5)\nnot a query\npdq:\(Self.pdq.dropLast())3\nsha1:\(String(repeating: "0", count: 40))\n")
        let result = try BuiltBinary.run(["match", "--timing", "--lists", folder.path, queries])
        #expect(result.status == 1)
        let lines = try Self.json(result.stdout)
        try #require(lines.count == 2)
        #expect(lines[0]["query"] as? String == "md5:\(Self.md5)")
        #expect(lines[0]["list"] as? String == "b.csv")
        #expect(lines[0]["label"] as? String == "demo-md5")
        #expect(lines[0]["distance"] is NSNull)
        #expect(lines[1]["algorithm"] as? String == "pdq")
        #expect(lines[1]["entry"] as? String == Self.pdq)
        #expect(lines[1]["distance"] as? Int == 1)
        #expect(result.stderr.contains("\(queries):2: expected algorithm:value"))
        #expect(result.stderr.contains("timing: load "))
        #expect(result.stderr.contains("queries/s"))
    }

    @Test("reads queries from standard input and exits 0 when every line is a query")
    func matchStandardInput() throws {
        let folder = try TemporaryDirectory()
        let list = try folder.write("a.txt", "\(Self.md5)\n")
        let process = Process()
        process.executableURL = URL(fileURLWithPath: BuiltBinary.path)
        process.arguments = ["match", "--lists", list, "-"]
        let input = Pipe()
        let output = Pipe()
        process.standardInput = input
        process.standardOutput = output
        try process.run()
        input.fileHandleForWriting.write(Data("md5:\(Self.md5.uppercased())\nmd5:\(String(repeating: "1", count: 32))\n".utf8))
        try input.fileHandleForWriting.close()
        let stdout = output.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        #expect(process.terminationStatus == 0)
        let lines = try Self.json(String(decoding: stdout, as: UTF8.self))
        #expect(lines.count == 1)
        #expect(lines.first?["entry"] as? String == Self.md5)
    }

    @Test("lists check prints format, counts and digest per list, and exits 1 naming a bad list's line")
    func listsCheck() throws {
        let folder = try TemporaryDirectory()
        let good = try folder.write("good.txt", "\(Self.md5)\n\(Self.md5)\n")
        let bad = try folder.write("bad.txt", "\(Self.pdq)\n")
        let result = try BuiltBinary.run(["lists", "check", good, bad])
        #expect(result.status == 1)
        let lines = try Self.json(result.stdout)
        try #require(lines.count == 1)
        #expect(lines[0]["list"] as? String == "good.txt")
        #expect(lines[0]["format"] as? String == "lines")
        #expect(lines[0]["entries"] as? Int == 1)
        #expect(lines[0]["duplicates"] as? Int == 1)
        #expect((lines[0]["counts"] as? [String: Int]) == ["md5": 1])
        #expect((lines[0]["sha256"] as? String) == SHA256Hex.of(Array("\(Self.md5)\n\(Self.md5)\n".utf8)))
        #expect(result.stderr.contains("\(bad):1: 64 hex digits"))
        #expect(!result.stderr.contains(Self.pdq))

        let named = try BuiltBinary.run(["lists", "check", "--list-algorithm", "pdq", bad])
        #expect(named.status == 0)
        #expect(try Self.json(named.stdout).first?["counts"] as? [String: Int] == ["pdq": 1])
    }
}
