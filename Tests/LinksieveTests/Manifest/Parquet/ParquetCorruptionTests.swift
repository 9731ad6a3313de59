import Foundation
import Testing

@testable import Linksieve

@Suite("Parquet reader on damaged files")
struct ParquetCorruptionTests {
    /// Writes `bytes` to a fresh file and returns its path.
    private func save(_ bytes: [UInt8], _ name: String) -> String {
        let path = ParquetFixtures.temporaryDirectory("corrupt").appendingPathComponent(name).path
        if !FileManager.default.createFile(atPath: path, contents: Data(bytes)) { Issue.record("cannot write \(path)") }
        return path
    }

    private func fixtureBytes(_ name: String) throws -> [UInt8] {
        [UInt8](try Data(contentsOf: URL(fileURLWithPath: ParquetFixtures.path(name))))
    }

    /// Opens and reads every row group; returns the first error, nil if the file read cleanly.
    private func readAll(_ path: String) -> ParquetError? {
        do {
            let reader = try ParquetReader(path: path)
            for index in 0..<reader.rowGroupCount { _ = try reader.readRowGroup(index) }
            return nil
        } catch {
            return error
        }
    }

    @Test("a missing file is an I/O error naming it")
    func missingFile() {
        let error = readAll("/nonexistent/linksieve/manifest.parquet")
        #expect(error?.kind == .io)
        #expect(error?.description.contains("/nonexistent/linksieve/manifest.parquet") == true)
    }

    @Test("a truncated file is refused for its missing trailing magic")
    func truncated() throws {
        let bytes = try fixtureBytes("laion-snappy")
        let path = save(Array(bytes[..<(bytes.count / 2)]), "half.parquet")
        let error = try #require(readAll(path))
        #expect(error.kind == .corrupt)
        #expect(error.description.contains(path))
        #expect(error.description.contains("PAR1"))
        #expect(readAll(save(Array(bytes[..<(bytes.count - 1)]), "short.parquet"))?.kind == .corrupt)
        #expect(readAll(save(Array(bytes[..<8]), "tiny.parquet"))?.description.contains("too small") == true)
        #expect(readAll(save([], "empty.parquet"))?.kind == .corrupt)
    }

    @Test("a wrong leading magic is refused")
    func wrongMagic() throws {
        var bytes = try fixtureBytes("laion-snappy")
        bytes.replaceSubrange(0..<4, with: Array("PAR2".utf8))
        let error = try #require(readAll(save(bytes, "magic.parquet")))
        #expect(error.description.contains("does not start with the Parquet magic"))
    }

    @Test("a footer length beyond the file is refused before any allocation")
    func badFooterLength() throws {
        var bytes = try fixtureBytes("laion-snappy")
        bytes.replaceSubrange((bytes.count - 8)..<(bytes.count - 4), with: [0xf0, 0xff, 0xff, 0xff])
        let error = try #require(readAll(save(bytes, "length.parquet")))
        #expect(error.description.contains("footer length 4294967280"))
        var shorter = try fixtureBytes("laion-snappy")
        let n = shorter.count
        let length = Int(shorter[n - 8]) | Int(shorter[n - 7]) << 8 | Int(shorter[n - 6]) << 16
        shorter[n - 8] = UInt8(truncatingIfNeeded: length - 40)
        shorter[n - 7] = UInt8(truncatingIfNeeded: (length - 40) >> 8)
        #expect(readAll(save(shorter, "shorter.parquet")) != nil)
    }

    @Test("flipping any footer byte ends in success or a ParquetError, never a crash")
    func footerFlips() throws {
        let bytes = try fixtureBytes("laion-no-nulls")
        let n = bytes.count
        let footerLength = Int(bytes[n - 8]) | Int(bytes[n - 7]) << 8 | Int(bytes[n - 6]) << 16 | Int(bytes[n - 5]) << 24
        let footerStart = n - 8 - footerLength
        var failures = 0
        let directory = ParquetFixtures.temporaryDirectory("flips")
        let path = directory.appendingPathComponent("flip.parquet").path
        for offset in stride(from: footerStart, to: n - 8, by: 3) {
            var copy = bytes
            copy[offset] ^= 0x5a
            try #require(FileManager.default.createFile(atPath: path, contents: Data(copy)))
            if let error = readAll(path) {
                failures += 1
                #expect(error.description.hasPrefix(path))
            }
        }
        #expect(failures > 0)
    }

    @Test("garbage in a page names the row group, column and page", arguments: [
        "laion-none", "laion-snappy", "laion-gzip", "laion-zstd", "laion-v2-zstd", "laion-plain-snappy",
    ])
    func pageGarbage(fixture: String) throws {
        let original = try fixtureBytes(fixture)
        let reader = try ParquetReader(path: ParquetFixtures.path(fixture))
        let chunk = reader.metadata.rowGroups[0].columns[1]
        let start = Int(chunk.startOffset)
        var decoder = ThriftCompactDecoder(bytes: original, start: start)
        let header = try ParquetPageHeader.decode(&decoder)
        let body = decoder.position

        var bodyGarbage = original
        let span = min(Int(header.compressedSize), 64)
        bodyGarbage.replaceSubrange(body..<body + span, with: repeatElement(0xff, count: span))
        let error = try #require(readAll(save(bodyGarbage, "\(fixture)-body.parquet")))
        #expect(error.kind == .corrupt)
        #expect(error.rowGroup == 0)
        #expect(error.column == "TEXT")
        #expect(error.page == 0)
        #expect(error.description.contains("row group 0, column \"TEXT\", page 0"))

        var headerGarbage = original
        headerGarbage.replaceSubrange(start..<start + 6, with: [0x15, 0xff, 0xff, 0xff, 0xff, 0x7f])
        let headerError = try #require(readAll(save(headerGarbage, "\(fixture)-header.parquet")))
        #expect(headerError.column == "TEXT")
        #expect(headerError.page == 0)
    }

    @Test("random byte damage anywhere ends in success or a ParquetError, never a crash or hang",
        arguments: ["laion-snappy", "laion-gzip", "laion-zstd", "laion-v2-plain-gzip", "other-types"])
    func randomDamage(fixture: String) throws {
        let bytes = try fixtureBytes(fixture)
        let path = ParquetFixtures.temporaryDirectory("random").appendingPathComponent("damaged.parquet").path
        var state: UInt64 = 0x9e37_79b9_7f4a_7c15
        func next() -> Int {
            state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
            return Int(truncatingIfNeeded: state >> 33)
        }
        var failures = 0
        for _ in 0..<60 {
            var copy = bytes
            for _ in 0..<(1 + next() % 6) { copy[next() % copy.count] = UInt8(truncatingIfNeeded: next()) }
            try #require(FileManager.default.createFile(atPath: path, contents: Data(copy)))
            if readAll(path) != nil { failures += 1 }
        }
        #expect(failures > 0)
    }
}
