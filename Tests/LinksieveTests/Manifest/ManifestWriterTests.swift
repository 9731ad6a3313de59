import Foundation
import Testing
@testable import Linksieve

@Suite("ManifestWriter")
struct ManifestWriterTests {
    private func copy(_ inputPath: String, to outputPath: String, gzip: Bool, keep: (ManifestRecord) -> Bool = { _ in true })
        throws
    {
        let reader = try ManifestReader(path: inputPath)
        let writer = try ManifestWriter(path: outputPath, format: reader.format, gzip: gzip, header: reader.header)
        while let record = try reader.next() {
            if keep(record) { try writer.write(record.raw) }
        }
        try writer.close()
    }

    @Test("writes kept records back byte for byte, plain and gzip")
    func roundTrip() throws {
        let folder = try TemporaryDirectory()
        let text = "\u{FEFF}url,caption\r\nhttp://x/1,\"a,\r\nb\"\r\nhttp://x/2,c\r\nhttp://x/3,\"\"\"q\"\"\""
        let input = try folder.write("in.csv", text)
        try copy(input, to: folder.path + "/out.csv", gzip: false)
        #expect(try folder.read("out.csv") == Array(text.utf8))

        try copy(input, to: folder.path + "/out.csv.gz", gzip: true)
        #expect(try folder.read("out.csv.gz").prefix(2) == [0x1F, 0x8B])
        let reread = try ManifestReader(path: folder.path + "/out.csv.gz")
        var raws = reread.header!
        while let record = try reread.next() { raws += record.raw }
        #expect(raws == Array(text.utf8))
    }

    @Test("leaves out dropped rows and ends an unterminated last line before writing another record")
    func dropsRowsAndTerminates() throws {
        let folder = try TemporaryDirectory()
        let input = try folder.write("in.tsv", "url\tn\r\nhttp://x/1\t1\r\nhttp://x/2\t2\r\nhttp://x/3\t3")
        try copy(input, to: folder.path + "/out.tsv", gzip: false) { $0.index != 1 }
        #expect(String(decoding: try folder.read("out.tsv"), as: UTF8.self) == "url\tn\r\nhttp://x/1\t1\r\nhttp://x/3\t3")

        let writer = try ManifestWriter(path: folder.path + "/joined.jsonl", format: .jsonl, gzip: false, header: nil)
        try writer.write(Array(#"{"url":"a"}"#.utf8))
        try writer.write(Array("{\"url\":\"b\"}\n".utf8))
        try writer.close()
        #expect(String(decoding: try folder.read("joined.jsonl"), as: UTF8.self) == "{\"url\":\"a\"}\n{\"url\":\"b\"}\n")
    }

    @Test("creates the file with the requested permissions, and refuses writes after close")
    func permissionsAndClose() throws {
        let folder = try TemporaryDirectory()
        let path = folder.path + "/private.csv"
        let writer = try ManifestWriter(
            path: path, format: .csv, gzip: false, header: Array("url\n".utf8), permissions: 0o600)
        try writer.close()
        let mode = try FileManager.default.attributesOfItem(atPath: path)[.posixPermissions] as? Int
        #expect(mode == 0o600)
        #expect(throws: ManifestError.writeFailed(path: path, reason: "the writer is closed")) {
            try writer.write(Array("http://x/\n".utf8))
        }
    }

    @Test("a path that cannot be created is an error naming it")
    func cannotCreate() throws {
        let path = "/nonexistent-folder-\(getpid())/out.csv"
        let error = #expect(throws: ManifestError.self) {
            try ManifestWriter(path: path, format: .csv, gzip: false, header: nil)
        }
        #expect(error?.description.hasPrefix(path) == true)
    }
}
