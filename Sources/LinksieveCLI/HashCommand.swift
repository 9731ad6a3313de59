import ArgumentParser
import Foundation
import Linksieve

extension PDQMode: ExpressibleByArgument {}

/// `linksieve hash FILE...`: the hash stage on local files, one JSON object per line.
struct HashCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "hash",
        abstract: "Print MD5, SHA-1, SHA-256 and PDQ of local files, one JSON line per file.",
        discussion: """
            Keys: path, format, width, height, md5, sha1, sha256, pdq, pdq_quality. A file that is not a \
            decodable image gives path, error (not-an-image, undecodable, too-large or unreadable), detail \
            and its digests. The exit status is 1 if any file gave an error.
            """
    )

    @Option(name: .customLong("pdq-mode"), help: "full (pdqhash, HMA) or reference-cli (C++ CLI's 512x512 squash).")
    var pdqMode: PDQMode = .full

    @Option(name: .customLong("max-pixels"), help: "Refuse images whose header declares more pixels than this.")
    var maxPixels: Int = 100_000_000

    @Argument(help: "Files to hash.")
    var files: [String]

    func validate() throws {
        guard maxPixels > 0 else { throw ValidationError("--max-pixels must be positive.") }
    }

    func run() throws {
        let stage = HashStage(maxPixels: maxPixels, pdqMode: pdqMode)
        var failed = false
        for path in files {
            let data: Data
            do {
                data = try Data(contentsOf: URL(fileURLWithPath: path))
            } catch {
                failed = true
                print(JSONLine().string("path", path).string("error", "unreadable")
                    .string("detail", error.localizedDescription).text)
                continue
            }
            let content = stage.hash([UInt8](data))
            var line = JSONLine().string("path", path)
            switch content.image {
            case .success(let image):
                line = line.string("format", image.format.rawValue).int("width", image.width).int("height", image.height)
                    .string("md5", content.digests.md5).string("sha1", content.digests.sha1)
                    .string("sha256", content.digests.sha256)
                    .string("pdq", image.pdq.hash.hex).int("pdq_quality", image.pdq.quality)
            case .failure(let error):
                failed = true
                line = line.string("error", error.reason).string("detail", error.description)
                    .string("md5", content.digests.md5).string("sha1", content.digests.sha1)
                    .string("sha256", content.digests.sha256)
            }
            print(line.text)
        }
        if failed { throw ExitCode.failure }
    }
}

/// One JSON object on one line, keys in the order they are added.
private struct JSONLine {
    private var members: [String] = []

    var text: String { "{" + members.joined(separator: ",") + "}" }

    func string(_ key: String, _ value: String) -> JSONLine {
        appending(key, Self.quoted(value))
    }

    func int(_ key: String, _ value: Int) -> JSONLine {
        appending(key, String(value))
    }

    private func appending(_ key: String, _ json: String) -> JSONLine {
        var copy = self
        copy.members.append(Self.quoted(key) + ":" + json)
        return copy
    }

    private static func quoted(_ value: String) -> String {
        var out = "\""
        for scalar in value.unicodeScalars {
            switch scalar {
            case "\"": out += "\\\""
            case "\\": out += "\\\\"
            case "\n": out += "\\n"
            case "\r": out += "\\r"
            case "\t": out += "\\t"
            case _ where scalar.value < 0x20:
                let hex = String(scalar.value, radix: 16)
                out += "\\u" + String(repeating: "0", count: 4 - hex.count) + hex
            default: out.unicodeScalars.append(scalar)
            }
        }
        return out + "\""
    }
}
