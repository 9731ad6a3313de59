import ArgumentParser
import Foundation
import Linksieve

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

    @OptionGroup var hashing: HashingArguments

    @Argument(help: "Files to hash.")
    var files: [String]

    func run() throws {
        let stage = HashStage(maxPixels: hashing.maxPixels, pdqMode: hashing.pdqMode)
        var failed = false
        for path in files {
            let data: Data
            do {
                data = try Data(contentsOf: URL(fileURLWithPath: path))
            } catch {
                failed = true
                print(JSONValue.object([
                    ("path", .string(path)), ("error", "unreadable"), ("detail", .string(error.localizedDescription)),
                ]).serialized())
                continue
            }
            let content = stage.hash([UInt8](data))
            var fields: [(String, JSONValue)] = [("path", .string(path))]
            let digests: [(String, JSONValue)] = [
                ("md5", .string(content.digests.md5)), ("sha1", .string(content.digests.sha1)),
                ("sha256", .string(content.digests.sha256)),
            ]
            switch content.image {
            case .success(let image):
                fields += [("format", .string(image.format.rawValue)), ("width", .int(image.width)),
                           ("height", .int(image.height))]
                fields += digests
                fields += [("pdq", .string(image.pdq.hash.hex)), ("pdq_quality", .int(image.pdq.quality))]
            case .failure(let error):
                failed = true
                fields += [("error", .string(error.reason)), ("detail", .string(error.description))]
                fields += digests
            }
            print(JSONValue.object(fields).serialized())
        }
        if failed { throw ExitCode.failure }
    }
}
