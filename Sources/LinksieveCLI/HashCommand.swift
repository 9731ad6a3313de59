import ArgumentParser
import Foundation
import Synchronization
import Linksieve

/// `linksieve hash FILE...`: the hash stage on local files, one JSON object per line.
struct HashCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "hash",
        abstract: "Print MD5, SHA-1, SHA-256 and PDQ of local files, one JSON line per file.",
        discussion: """
            Keys: path, format, width, height, md5, sha1, sha256, pdq, pdq_quality, and with --pdq-dihedral \
            pdq_dihedral (an object from variant name: orig, rot90, rot180, rot270, flipx, flipy, flipp, flipm \
            to hash). A file that is not a decodable image gives path, error (not-an-image, unsupported-format, \
            undecodable, too-large or unreadable), detail and its digests (unsupported-format also names the \
            format: avif, heic, bmp, tiff, ico or svg). Lines come in the order of the files, whatever \
            --jobs is. The exit status is 1 if any file gave an error.
            """
    )

    @OptionGroup var hashing: HashingArguments

    @Option(
        name: .long, parsing: .unconditional, help: "Files hashed at once, each on its own thread (default: 1, one after another).",
        transform: NumericOption.integer("--jobs", 1...1024))
    var jobs = 1

    @Argument(help: "Files to hash, or - for one image read from standard input (its path is printed as -).")
    var files: [String]

    func validate() throws {
        guard files.filter({ $0 == "-" }).count <= 1 else { throw ValidationError("standard input (-) can be hashed only once") }
    }

    func run() throws {
        let stage = hashing.stage
        var failed = false
        // A batch of a few files per job keeps every thread busy while holding only that many bodies in memory.
        let batchSize = jobs == 1 ? 1 : jobs * 4
        for start in stride(from: 0, to: files.count, by: batchSize) {
            let batch = Array(files[start..<min(start + batchSize, files.count)])
            let results = HashResults(count: batch.count)
            DispatchQueue.concurrentPerform(iterations: batch.count) { index in
                results.store(index, Self.describe(batch[index], stage: stage))
            }
            for (line, ok) in results.values {
                print(line)
                failed = failed || !ok
            }
        }
        if failed { throw ExitCode.failure }
    }

    /// The JSON line for one file, and whether it hashed without error.
    static func describe(_ path: String, stage: HashStage) -> (String, Bool) {
        let body: [UInt8]
        do {
            body = try LocalFile.read(path: path)
        } catch {
            return (JSONValue.object([
                ("path", .string(path)), ("error", "unreadable"), ("detail", .string(error.reason)),
            ]).serialized(), false)
        }
        let content = stage.hash(body)
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
            if let dihedral = image.dihedral {
                fields.append(("pdq_dihedral", .object(PDQDihedral.allCases.map { variant in
                    (variant.rawValue, .of(dihedral[variant]?.hex))
                })))
            }
            return (JSONValue.object(fields).serialized(), true)
        case .failure(let error):
            if case .unsupportedFormat(let format) = error { fields.append(("format", .string(format.rawValue))) }
            fields += [("error", .string(error.reason)), ("detail", .string(error.description))]
            fields += digests
            return (JSONValue.object(fields).serialized(), false)
        }
    }
}

/// One slot per file of a batch, filled from the hashing threads and read once they have all finished.
private final class HashResults: Sendable {
    private let slots: Mutex<[(String, Bool)?]>

    init(count: Int) { slots = Mutex(Array(repeating: nil, count: count)) }

    func store(_ index: Int, _ result: (String, Bool)) {
        slots.withLock { $0[index] = result }
    }

    var values: [(String, Bool)] {
        slots.withLock { $0.map { $0! } }
    }
}
