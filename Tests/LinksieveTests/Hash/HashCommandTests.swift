import Foundation
import Testing
@testable import Linksieve

/// `linksieve hash` end to end: the built binary on a vector image, a non-image and a missing file.
@Suite("linksieve hash command")
struct HashCommandTests {
    static func run(_ arguments: [String]) throws -> (status: Int32, lines: [[String: Any]]) {
        let result = try BuiltBinary.run(["hash"] + arguments)
        let lines = try result.stdout.split(separator: "\n").map { line in
            try #require(try JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any])
        }
        return (result.status, lines)
    }

    @Test("prints one JSON line per file with the reference PDQ, and fails on a non-image")
    func mixedFiles() throws {
        let image = PDQVectors.directory.appendingPathComponent("images/bridge-mods/square-256x256.jpg").path
        let brief = PDQVectors.sharedDirectory.appendingPathComponent("BRIEF.md").path
        let (status, lines) = try Self.run([image, brief, "/nonexistent/linksieve-test"])
        #expect(status != 0)
        try #require(lines.count == 3)
        #expect(lines[0]["path"] as? String == image)
        #expect(lines[0]["format"] as? String == "jpeg")
        #expect(lines[0]["width"] as? Int == 256 && lines[0]["height"] as? Int == 256)
        #expect(lines[0]["pdq"] as? String == "d8f8f0cec4f4a84f0637022a078f67f0b36e2ee5b6621e1d33e6239c4e9c9b22")
        #expect(lines[0]["pdq_quality"] as? Int == 100)
        #expect((lines[0]["sha256"] as? String)?.count == 64)
        #expect(lines[1]["error"] as? String == "not-an-image")
        #expect(lines[2]["error"] as? String == "unreadable")
    }

    @Test("exits 0 when every file is an image, and --pdq-mode reference-cli squashes large images")
    func referenceMode() throws {
        let image = PDQVectors.directory.appendingPathComponent("images/bridge-mods/aaa-orig.jpg").path
        let (status, lines) = try Self.run(["--pdq-mode", "reference-cli", image])
        #expect(status == 0)
        #expect(lines.first?["pdq"] as? String == "d8f8f0cee0f4a84f0637022a078f67f0b36e2ed596621e1d33e6339c4e9c9b22")
    }

    @Test("--pdq-dihedral prints the 8 variants, equal to the reference CLI's with --pdq-mode reference-cli")
    func dihedral() throws {
        let name = "reg-test-input/dih/bridge-2-rotate-90.jpg"
        let row = try #require(PDQVectors.asIsRows("generated-reference-512nn.tsv").first { $0.image == name })
        let image = PDQVectors.directory.appendingPathComponent("images/" + name).path
        let (status, lines) = try Self.run(["--pdq-mode", "reference-cli", "--pdq-dihedral", image])
        #expect(status == 0)
        let variants = try #require(lines.first?["pdq_dihedral"] as? [String: String])
        #expect(variants.count == 8)
        for variant in PDQDihedral.allCases {
            #expect(variants[variant.rawValue] == row.hashes[variant.rawValue], "\(variant.rawValue)")
        }
        #expect(lines.first?["pdq"] as? String == row.hashes["orig"])
        let (_, plain) = try Self.run([image])
        #expect(plain.first?["pdq_dihedral"] == nil)
    }

    @Test("--fast-decode hashes a large JPEG within 6 bits and reports its declared size")
    func fastDecode() throws {
        let name = "reg-test-input/exif-rotn/exif-rotn-1.jpg"
        let row = try #require(PDQVectors.asIsRows("generated-fullres-no-preresize.tsv").first { $0.image == name })
        let image = PDQVectors.directory.appendingPathComponent("images/" + name).path
        let (status, lines) = try Self.run(["--fast-decode", image])
        #expect(status == 0)
        let line = try #require(lines.first)
        #expect(line["width"] as? Int == 4032 && line["height"] as? Int == 3024)
        let hash = try #require(PDQHash(hex: line["pdq"] as? String ?? ""))
        #expect(hash.distance(to: try #require(PDQHash(hex: row.hashes["hash"] ?? ""))) <= 6)
    }

    @Test("--jobs hashes on several threads and prints the same lines in file order")
    func jobs() throws {
        let images = ["bridge-mods/square-128x128.jpg", "misc-images/c.png", "misc-images/modes/F.webp",
                      "reg-test-input/labelme-subset/q0122.jpg", "python-threatexchange-resources/LA.png"]
        let paths = images.map { PDQVectors.directory.appendingPathComponent("images/" + $0).path }
            + [PDQVectors.sharedDirectory.appendingPathComponent("BRIEF.md").path]
        let (serialStatus, serial) = try Self.run(paths)
        let (parallelStatus, parallel) = try Self.run(["--jobs", "3"] + paths)
        #expect(serialStatus != 0 && parallelStatus != 0)
        #expect(parallel.map { $0["path"] as? String } == paths)
        #expect(parallel.map { $0["pdq"] as? String } == serial.map { $0["pdq"] as? String })
        #expect(parallel.last?["error"] as? String == "not-an-image")
    }

    @Test("--max-pixels refuses larger images as too-large")
    func maxPixels() throws {
        let image = PDQVectors.directory.appendingPathComponent("images/bridge-mods/aaa-orig.jpg").path
        let (status, lines) = try Self.run(["--max-pixels", "1000000", image])
        #expect(status != 0)
        #expect(lines.first?["error"] as? String == "too-large")
    }
}
