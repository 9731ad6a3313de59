import Foundation
import Testing
@testable import Linksieve
@testable import LoopbackServers

/// Output temporaries are created afresh: a symlink planted at one is removed, never followed.
@Suite("Exclusive output files")
struct ExclusiveFileTests {
    @Test("a symlink planted at each .partial path is not followed: its target stays untouched")
    func plantedSymlinksAreNotFollowed() throws {
        let fixture = try ScanEndToEndTests.Fixture(count: 30)
        let out = fixture.options.outputDirectory
        try FileManager.default.createDirectory(atPath: out, withIntermediateDirectories: true)
        let outside = try TemporaryDirectory("outside")
        let names = ["cleansed.csv", "quarantine.jsonl", "rejected.jsonl", "excluded.jsonl", "summary.json"]
        for name in names {
            let target = try outside.write(name, "untouched\n")
            try FileManager.default.createSymbolicLink(atPath: out + "/" + name + ".partial", withDestinationPath: target)
        }
        let report = try Scan(options: fixture.options).run()

        #expect(report.rowsIn == 30)
        for name in names {
            #expect(String(decoding: try outside.read(name), as: UTF8.self) == "untouched\n", "\(name)")
            let type = try FileManager.default.attributesOfItem(atPath: out + "/" + name)[.type] as? FileAttributeType
            #expect(type == .typeRegular, "\(name)")
            #expect(!FileManager.default.fileExists(atPath: out + "/" + name + ".partial"), "\(name).partial")
        }
        #expect(try fixture.output("cleansed.csv").hasPrefix("url,"))
    }

    @Test("a symlink at state.sqlite is refused, not written through: nothing is created at its target")
    func stateSymlinkRefused() throws {
        let dir = try TemporaryDirectory("state-link")
        try FileManager.default.createSymbolicLink(atPath: dir.file("state.sqlite"), withDestinationPath: dir.file("elsewhere"))
        #expect(throws: StateError.self) { try StateStore(path: dir.file("state.sqlite")) }
        #expect(!FileManager.default.fileExists(atPath: dir.file("elsewhere")))
    }

    @Test("a symlink at the state's WAL file is refused before SQLite could write through it")
    func walSymlinkRefused() throws {
        let dir = try TemporaryDirectory("wal-link")
        try FileManager.default.createSymbolicLink(atPath: dir.file("state.sqlite-wal"), withDestinationPath: dir.file("elsewhere"))
        #expect(throws: StateError.self) { try StateStore(path: dir.file("state.sqlite")) }
        #expect(!FileManager.default.fileExists(atPath: dir.file("elsewhere")))
    }

    @Test("a file created where a symlink was is a new regular file, and the link's target keeps its bytes")
    func createReplacesTheEntry() throws {
        let dir = try TemporaryDirectory("exclusive")
        let target = try dir.write("target", "keep\n")
        try FileManager.default.createSymbolicLink(atPath: dir.file("new"), withDestinationPath: target)
        let descriptor = try ExclusiveFile.create(dir.file("new"), mode: 0o600)
        _ = Array("fresh\n".utf8).withUnsafeBytes { write(descriptor, $0.baseAddress, $0.count) }
        close(descriptor)
        #expect(String(decoding: try dir.read("target"), as: UTF8.self) == "keep\n")
        #expect(String(decoding: try dir.read("new"), as: UTF8.self) == "fresh\n")
        let type = try FileManager.default.attributesOfItem(atPath: dir.file("new"))[.type] as? FileAttributeType
        #expect(type == .typeRegular)
    }
}
