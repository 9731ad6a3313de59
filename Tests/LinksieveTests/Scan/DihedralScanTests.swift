import Foundation
import Testing
@testable import Linksieve
@testable import LoopbackServers

@Suite("Scan with dihedral PDQ")
struct DihedralScanTests {
    /// The image turned a quarter turn clockwise.
    private func rotated(_ pixels: Pixels) -> Pixels {
        var samples = [UInt8](repeating: 0, count: pixels.samples.count)
        let (w, h, c) = (pixels.width, pixels.height, pixels.channels)
        for y in 0..<h {
            for x in 0..<w {
                let target = (x * h + (h - 1 - y)) * c
                for k in 0..<c { samples[target + k] = pixels.samples[(y * w + x) * c + k] }
            }
        }
        return Pixels(width: h, height: w, channels: c, samples: samples)
    }

    @Test("a rotated copy of a listed image is caught only with --pdq-dihedral, and the record names the variant")
    func rotatedCopy() throws {
        let original = SyntheticImage.make(seed: 77, width: 320, height: 240)
        let turned = ImageEncoder.png(rotated(original))
        let server = try LoopbackHTTPServer { $0.path == "/turned.png" ? .init(body: turned) : .init(status: 404) }
        defer { server.stop() }
        let dir = try TemporaryDirectory("dihedral")
        try dir.write("m.csv", "url\n\(server.baseURL)/turned.png\n")
        try dir.write("list.csv", "algorithm,value,label\npdq,\(PDQHasher.hash(original).hash.hex),original\n")

        func scan(dihedral: Bool) throws -> [String: Any]? {
            var options = ScanOptions(
                manifestPath: dir.file("m.csv"), listPaths: [dir.file("list.csv")], outputDirectory: dir.file("out-\(dihedral)"))
            options.fetch.allowPrivateAddresses = true
            options.hashStage = HashStage(dihedral: dihedral)
            _ = try Scan(options: options).run()
            let line = try String(contentsOfFile: dir.file("out-\(dihedral)/quarantine.jsonl"), encoding: .utf8)
                .split(separator: "\n").first
            return try line.flatMap { try JSONSerialization.jsonObject(with: Data($0.utf8)) as? [String: Any] }
        }
        #expect(try scan(dihedral: false) == nil)
        let record = try #require(try scan(dihedral: true))
        #expect(record["stage"] as? String == "pixels")
        let variant = try #require(record["variant"] as? String)
        #expect(variant != "orig")
        #expect(["rot90", "rot270"].contains(variant), "\(variant)")
    }
}
