import Foundation
import Testing
@testable import LinksieveReview

/// Reviewer accounts: salted PBKDF2 hashes, an owner-only file, and the loopback-only rule.
@Suite("Reviewer accounts")
struct ReviewerAccountsTests {
    static func temporaryPath() -> String {
        NSTemporaryDirectory() + "linksieve-reviewers-\(UUID().uuidString)"
    }

    @Test("PBKDF2-HMAC-SHA256 matches RFC 7914's published test vector")
    func pbkdf2Vector() {
        // RFC 7914 section 11: PBKDF2-HMAC-SHA256, P="passwd", S="salt", c=1, dkLen=64 (first 32 bytes).
        let derived = PasswordHash.derive(password: "passwd", salt: Array("salt".utf8), iterations: 1)
        #expect(PasswordHash.hex(derived) == "55ac046e56e3089fec1691c22544b605f94185216dde0465e68b9d57c20dacbc")
    }

    @Test("the right password passes, a wrong one and an unknown name do not; salts differ")
    func authenticate() throws {
        let path = Self.temporaryPath()
        defer { try? FileManager.default.removeItem(atPath: path) }
        var accounts = try ReviewerAccounts(path: path, allowMissing: true)
        try accounts.set(name: "ana", password: "correct horse", iterations: 1000)
        try accounts.set(name: "bo", password: "correct horse", iterations: 1000)
        let read = try ReviewerAccounts(path: path)
        #expect(read.authenticate(name: "ana", password: "correct horse") == "ana")
        #expect(read.authenticate(name: "ana", password: "correct horsE") == nil)
        #expect(read.authenticate(name: "eve", password: "correct horse") == nil)
        #expect(read.accounts[0].hash.salt != read.accounts[1].hash.salt)
        #expect(read.accounts[0].hash.hash != read.accounts[1].hash.hash)
        let text = try String(contentsOfFile: path, encoding: .utf8)
        #expect(!text.contains("correct horse"))
        let mode = try FileManager.default.attributesOfItem(atPath: path)[.posixPermissions] as? Int
        #expect(mode == 0o600)
    }

    @Test("a malformed line is named with its line number")
    func malformedLine() throws {
        let path = Self.temporaryPath()
        defer { try? FileManager.default.removeItem(atPath: path) }
        try "# comment\nana:plaintext\n".write(toFile: path, atomically: true, encoding: .utf8)
        #expect(throws: ReviewerAccountsError.malformed(path: path, line: 2)) { try ReviewerAccounts(path: path) }
    }

    @Test("any address but loopback is refused without accounts")
    func loopbackOnlyWithoutAccounts() throws {
        var configuration = ReviewConfiguration(stateDirectory: "/nonexistent")
        configuration.tokenReviewer = "ana"
        try configuration.validate()
        configuration.host = "0.0.0.0"
        #expect(throws: ReviewServerError.accountsRequired(host: "0.0.0.0")) { try configuration.validate() }
        configuration.accounts = try ReviewerAccounts(path: Self.temporaryPath(), allowMissing: true)
        try configuration.validate()
        configuration.host = "127.0.0.1"
        configuration.tokenReviewer = nil
        configuration.accounts = nil
        #expect(throws: ReviewServerError.noSignIn) { try configuration.validate() }
    }
}
