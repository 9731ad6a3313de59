import Foundation
import Linksieve

/// The reviewers file given with `--reviewers`: one `NAME:PASSWORD-HASH` line per account
/// (see `PasswordHash`), written owner-only by `linksieve review add-reviewer`.
///
/// Needed before the server may listen on anything but loopback, where the one-time URL alone
/// would let anyone on the network sign in.
public struct ReviewerAccounts: Sendable {
    public var path: String
    public private(set) var accounts: [(name: String, hash: PasswordHash)]

    /// Reads `path`; a missing file reads as no accounts (for `add-reviewer`'s first account).
    public init(path: String, allowMissing: Bool = false) throws(ReviewerAccountsError) {
        self.path = path
        accounts = []
        guard FileManager.default.fileExists(atPath: path) || !allowMissing else { return }
        guard let data = FileManager.default.contents(atPath: path), let text = String(data: data, encoding: .utf8) else {
            throw .unreadable(path: path)
        }
        for (index, line) in text.split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
            let trimmed = line.trimmingCharacters(in: .whitespaces)
            guard !trimmed.isEmpty, !trimmed.hasPrefix("#") else { continue }
            guard let colon = trimmed.lastIndex(of: ":"), let hash = PasswordHash(stored: String(trimmed[trimmed.index(after: colon)...])),
                case let name = String(trimmed[..<colon]), Self.isValid(name: name)
            else { throw .malformed(path: path, line: index + 1) }
            accounts.append((name, hash))
        }
    }

    /// Names are what decisions record: printable, no colon, at most 64 characters.
    public static func isValid(name: String) -> Bool {
        !name.isEmpty && name.count <= 64 && !name.contains(":")
            && name.unicodeScalars.allSatisfy { !CharacterSet.controlCharacters.contains($0) }
            && name.trimmingCharacters(in: .whitespaces) == name
    }

    /// The account's name if `password` is its password. Always derives a hash, so an unknown name
    /// takes as long as a wrong password.
    public func authenticate(name: String, password: String) -> String? {
        guard let account = accounts.first(where: { $0.name == name }) else {
            _ = PasswordHash(password: password, iterations: PasswordHash.defaultIterations)
            return nil
        }
        return account.hash.matches(password: password) ? account.name : nil
    }

    /// Adds or replaces `name`'s account and writes the file owner-only (0600).
    public mutating func set(name: String, password: String, iterations: Int = PasswordHash.defaultIterations) throws(ReviewerAccountsError) {
        guard Self.isValid(name: name) else { throw .invalidName(name) }
        guard !password.isEmpty else { throw .emptyPassword }
        let hash = PasswordHash(password: password, iterations: iterations)
        if let index = accounts.firstIndex(where: { $0.name == name }) {
            accounts[index].hash = hash
        } else {
            accounts.append((name, hash))
        }
        let text = "# linksieve reviewers: NAME:pbkdf2-sha256$ITERATIONS$SALT$HASH\n"
            + accounts.map { "\($0.name):\($0.hash.stored)\n" }.joined()
        do {
            // Created afresh beside `path` (never through a planted link) and renamed into place.
            try OutputDirectory.write(text, to: path, mode: 0o600)
        } catch {
            throw .unwritable(path: path, reason: error.description)
        }
    }
}
