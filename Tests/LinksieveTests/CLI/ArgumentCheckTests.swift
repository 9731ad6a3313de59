import Foundation
import Testing
@testable import Linksieve

/// Bad arguments are refused before anything runs (exit 64, a message naming the option), and
/// what the binary prints is plain words: no crash, no Foundation error text, no listed value.
@Suite("linksieve arguments and messages")
struct ArgumentCheckTests {
    static func scan(_ extra: [String]) throws -> BuiltBinary.Result {
        let dir = try TemporaryDirectory("arguments")
        let manifest = try dir.write("m.csv", "url\nhttp://127.0.0.1:9/a.jpg\n")
        let list = try dir.write("l.csv", "algorithm,value,label\nmd5,0123456789abcdef0123456789abcdef,x\n")
        return try BuiltBinary.run(["scan", manifest, "--lists", list, "--out", dir.file("out"), "--no-progress"] + extra)
    }

    @Test("numeric options out of range, infinite or not a number exit 64 naming the option", arguments: [
        ["--timeout", "inf"], ["--timeout", "1e300"], ["--timeout", "nan"], ["--connect-timeout", "inf"],
        ["--timeout=-1"], ["--timeout", "-1"], ["--max-retry-delay", "inf"], ["--concurrency", "0"], ["--per-host", "-3"],
        ["--max-body-bytes", "0"], ["--retries", "1000"], ["--pdq-threshold", "257"], ["--pdq-min-quality", "101"],
        ["--hash-workers", "0"], ["--max-pixels", "99999999999"],
    ])
    func numericRanges(arguments: [String]) throws {
        let result = try Self.scan(arguments)
        #expect(result.status == 64, "\(arguments): \(result.status) \(result.stderr)")
        let name = arguments[0].split(separator: "=")[0]
        #expect(result.stderr.contains(name), "\(result.stderr)")
    }

    @Test("a User-Agent or contact URL with CR/LF is refused, and so is a CA bundle that cannot be read")
    func headerValuesAndCABundle() throws {
        let agent = try Self.scan(["--user-agent", "linksieve\r\nX-Injected: 1"])
        #expect(agent.status == 64)
        #expect(agent.stderr.contains("--user-agent") && !agent.stderr.contains("\r\n"), "\(agent.stderr)")
        let contact = try Self.scan(["--contact-url", "https://example.org/\nX: y"])
        #expect(contact.status == 64, "\(contact.stderr)")
        let bundle = try Self.scan(["--ca-bundle", "/nonexistent/ca.pem"])
        #expect(bundle.status == 64)
        #expect(bundle.stderr.contains("/nonexistent/ca.pem: does not exist"), "\(bundle.stderr)")
    }

    @Test("help for an unknown command fails; help text states each default once and never this machine's core count")
    func help() throws {
        let bogus = try BuiltBinary.run(["help", "bogus"])
        #expect(bogus.status == 64, "\(bogus.stdout)")
        #expect(bogus.stderr.contains("bogus"))
        #expect(try BuiltBinary.run(["help", "lists", "check"]).status == 0)
        for command in ["scan", "rescan", "match", "hash"] {
            let text = try BuiltBinary.run(["help", command]).stdout.replacingOccurrences(of: "\n", with: " ")
                .split(separator: " ", omittingEmptySubsequences: true).joined(separator: " ")
            #expect(!text.contains("). (default:"), "\(command): \(text)")
        }
        let scan = try BuiltBinary.run(["help", "scan"]).stdout.split(whereSeparator: \.isWhitespace).joined(separator: " ")
        #expect(scan.contains("(default: 60.0)") && scan.contains("at first; the limit then grows") && scan.contains("(default: 64)"), "\(scan)")
        #expect(scan.contains("(default: one per core). --progress"), "\(scan)")
    }

    @Test("hash - hashes one image from standard input")
    func hashStandardInput() throws {
        let png = ImageEncoder.png(SyntheticImage.make(seed: 7, width: 64, height: 48))
        let result = try BuiltBinary.run(["hash", "-"], input: png)
        #expect(result.status == 0, "\(result.stderr)")
        let line = try #require(try JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as? [String: Any])
        #expect(line["path"] as? String == "-")
        #expect(line["format"] as? String == "png")
        #expect(line["md5"] as? String == Digests.compute(png).md5)
    }

    @Test("file errors are plain words with the path: a device, a dangling symbolic link")
    func plainFileErrors() throws {
        let device = try BuiltBinary.run(["hash", "/dev/zero"])
        #expect(device.status == 1)
        #expect(device.stdout.contains("is a device, not a regular file"), "\(device.stdout)")
        #expect(!device.stdout.contains("permission"))

        let dir = try TemporaryDirectory("dangling")
        try FileManager.default.createSymbolicLink(atPath: dir.file("out"), withDestinationPath: dir.file("missing/target"))
        let manifest = try dir.write("m.csv", "url\nhttp://127.0.0.1:9/a.jpg\n")
        let list = try dir.write("l.csv", "algorithm,value,label\nmd5,0123456789abcdef0123456789abcdef,x\n")
        let scan = try BuiltBinary.run(["scan", manifest, "--lists", list, "--out", dir.file("out"), "--no-progress"])
        #expect(scan.status == 1)
        #expect(scan.stderr.contains("is a symbolic link to \(dir.file("missing/target")), which does not exist"), "\(scan.stderr)")
        #expect(!scan.stderr.contains("already exists") && !scan.stderr.contains("NSCocoaErrorDomain"), "\(scan.stderr)")

        let lists = try BuiltBinary.run(["lists", "check", "/dev/zero"])
        #expect(lists.status == 1)
        #expect(lists.stderr.contains("/dev/zero: cannot read the hash list: is a device"), "\(lists.stderr)")
    }

    @Test("a list error does not repeat the listed value, and control characters are escaped")
    func listErrorsRedacted() throws {
        let dir = try TemporaryDirectory("list-errors")
        let pdq = "f8f8f0cee0f4a84f0637022a078f67f0b36e2ed596621e1d33e6339c4e9c9b22"
        let headerless = try dir.write("pdq.csv", "\(pdq),abc\n")
        let md5 = "0123456789abcdef0123456789abcdef"
        let first = try dir.write("md5.csv", "\(md5),x\n")
        let result = try BuiltBinary.run(["lists", "check", headerless, first])
        #expect(result.status == 1)
        #expect(result.stderr.contains("pdq.csv:1") && result.stderr.contains("md5.csv:1"), "\(result.stderr)")
        #expect(!result.stderr.contains(pdq) && !result.stderr.contains(md5), "\(result.stderr)")

        let escape = try dir.write("evil\u{1B}[2J.csv", "\(md5),x\n")
        let evil = try BuiltBinary.run(["lists", "check", escape])
        #expect(!evil.stderr.contains("\u{1B}") && evil.stderr.contains("evil\\u{1B}[2J.csv"), "\(evil.stderr)")
    }
}
