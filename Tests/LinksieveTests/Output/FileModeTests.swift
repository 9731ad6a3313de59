import Foundation
import Testing
@testable import Linksieve
@testable import LoopbackServers

/// Output permissions: owner-only for what names matched content, otherwise 0666 narrowed by the
/// umask; never looser than the umask. The binary runs under each umask, the test process keeps its own.
@Suite("Output file modes")
struct FileModeTests {
    private func scan(umask: String) throws -> (out: String, fixture: ScanEndToEndTests.Fixture) {
        let fixture = try ScanEndToEndTests.Fixture(count: 30)
        let out = fixture.dir.file("out-\(umask)")
        let result = try BuiltBinary.run([
            "scan", fixture.manifest, "--lists", fixture.dir.file("lists"), "--out", out,
            "--allow-private-addresses", "--no-progress",
        ], after: "umask \(umask)")
        try #require(result.status == 0, "\(result.stderr)")
        return (out, fixture)
    }

    private func mode(_ path: String) throws -> Int? {
        try FileManager.default.attributesOfItem(atPath: path)[.posixPermissions] as? Int
    }

    @Test("under umask 077 every output is owner-only")
    func strictUmask() throws {
        let (out, fixture) = try scan(umask: "077")
        for name in ["cleansed.csv", "quarantine.jsonl", "rejected.jsonl", "excluded.jsonl", "summary.json", "state.sqlite"] {
            #expect(try mode(out + "/" + name) == 0o600, "\(name)")
        }
        withExtendedLifetime(fixture) {}
    }

    @Test("under umask 027 public outputs are 0640 and sensitive ones stay 0600")
    func groupUmask() throws {
        let (out, fixture) = try scan(umask: "027")
        for name in ["cleansed.csv", "rejected.jsonl", "excluded.jsonl", "summary.json"] {
            #expect(try mode(out + "/" + name) == 0o640, "\(name)")
        }
        for name in ["quarantine.jsonl", "state.sqlite"] { #expect(try mode(out + "/" + name) == 0o600, "\(name)") }
        withExtendedLifetime(fixture) {}
    }
}
