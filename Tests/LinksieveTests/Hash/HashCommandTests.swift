import Foundation
import Testing
@testable import Linksieve

/// `linksieve hash` end to end: the built binary on fixture images (reference values from pdqhash), a
/// non-image and a missing file.
@Suite("linksieve hash command")
struct HashCommandTests {
    static func run(_ arguments: [String]) throws -> (status: Int32, lines: [[String: Any]]) {
        let result = try BuiltBinary.run(["hash"] + arguments)
        let lines = try result.stdout.split(separator: "\n").map { line in
            try #require(try JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any])
        }
        return (result.status, lines)
    }

    /// A text file: something that is not an image.
    static func notAnImage(in folder: TemporaryDirectory) throws -> String {
        try folder.write("notes.md", "# Notes\n\nNot an image at all.\n")
    }

    @Test("prints one JSON line per file with the reference PDQ, and fails on a non-image")
    func mixedFiles() throws {
        let name = "derived/astronaut-256-q90.jpg"
        let row = try PDQFixtures.fullRow(name)
        let image = try PDQFixtures.path(name)
        let folder = try TemporaryDirectory()
        let (status, lines) = try Self.run([image, try Self.notAnImage(in: folder), "/nonexistent/linksieve-test"])
        #expect(status != 0)
        try #require(lines.count == 3)
        #expect(lines[0]["path"] as? String == image)
        #expect(lines[0]["format"] as? String == "jpeg")
        #expect(lines[0]["width"] as? Int == 256 && lines[0]["height"] as? Int == 256)
        #expect(lines[0]["pdq"] as? String == row.hashes["hash"])
        #expect(lines[0]["pdq_quality"] as? Int == row.quality)
        #expect((lines[0]["sha256"] as? String)?.count == 64)
        #expect(lines[1]["error"] as? String == "not-an-image")
        #expect(lines[2]["error"] as? String == "unreadable")
    }

    @Test("exits 0 when every file is an image, and --pdq-mode reference-cli squashes large images")
    func referenceMode() throws {
        let name = "photos/hubble_deep_field.jpg"
        let (status, lines) = try Self.run(["--pdq-mode", "reference-cli", try PDQFixtures.path(name)])
        #expect(status == 0)
        #expect(lines.first?["pdq"] as? String == (try PDQFixtures.referenceCLIRow(name).hashes["hash"]))
        #expect(lines.first?["pdq"] as? String != (try PDQFixtures.fullRow(name).hashes["hash"]))
    }

    @Test("--pdq-dihedral prints the 8 variants, equal to the reference CLI's with --pdq-mode reference-cli")
    func dihedral() throws {
        let name = "photos/rocket.jpg"
        let row = try PDQFixtures.referenceCLIRow(name)
        let image = try PDQFixtures.path(name)
        let (status, lines) = try Self.run(["--pdq-mode", "reference-cli", "--pdq-dihedral", image])
        #expect(status == 0)
        let variants = try #require(lines.first?["pdq_dihedral"] as? [String: String])
        #expect(variants.count == 8)
        for variant in PDQDihedral.allCases {
            #expect(variants[variant.rawValue] == row.hashes[variant.rawValue], "\(variant.rawValue)")
        }
        #expect(lines.first?["pdq"] as? String == row.hashes["hash"])
        let (_, plain) = try Self.run([image])
        #expect(plain.first?["pdq_dihedral"] == nil)
    }

    @Test("--fast-decode hashes a large JPEG within 6 bits and reports its declared size")
    func fastDecode() throws {
        let name = "synthetic/photo-4000x3000.jpg"
        let row = try PDQFixtures.fullRow(name)
        let (status, lines) = try Self.run(["--fast-decode", try PDQFixtures.path(name)])
        #expect(status == 0)
        let line = try #require(lines.first)
        #expect(line["width"] as? Int == 4000 && line["height"] as? Int == 3000)
        let hash = try #require(PDQHash(hex: line["pdq"] as? String ?? ""))
        #expect(hash.distance(to: try #require(PDQHash(hex: row.hashes["hash"] ?? ""))) <= 6)
    }

    @Test("--jobs hashes on several threads and prints the same lines in file order")
    func jobs() throws {
        let images = ["derived/astronaut-34x42.jpg", "photos/chelsea.png", "derived/astronaut-256-lossy.webp",
                      "photos/rocket.jpg", "derived/astronaut-256-la.png", "photos/no_time_for_that_tiny.gif"]
        let folder = try TemporaryDirectory()
        let paths = try images.map { try PDQFixtures.path($0) } + [try Self.notAnImage(in: folder)]
        let (serialStatus, serial) = try Self.run(paths)
        let (parallelStatus, parallel) = try Self.run(["--jobs", "3"] + paths)
        #expect(serialStatus != 0 && parallelStatus != 0)
        #expect(parallel.map { $0["path"] as? String } == paths)
        #expect(parallel.map { $0["pdq"] as? String } == serial.map { $0["pdq"] as? String })
        #expect(parallel.dropLast().map { $0["pdq"] as? String } == (try images.map { try PDQFixtures.fullRow($0).hashes["hash"] }))
        #expect(parallel.last?["error"] as? String == "not-an-image")
    }

    @Test("--max-pixels refuses larger images as too-large")
    func maxPixels() throws {
        let image = try PDQFixtures.path("photos/hubble_deep_field.jpg")
        let (status, lines) = try Self.run(["--max-pixels", "800000", image])
        #expect(status != 0)
        #expect(lines.first?["error"] as? String == "too-large")
    }
}
