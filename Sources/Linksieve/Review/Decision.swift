import Foundation

/// One record of the decisions audit log: who decided what about which row or entry, when, and
/// the link to the record before it.
///
/// `hash` is SHA-256 over `previousHash` and the record's canonical JSON, so changing or removing
/// any record breaks every link after it.
public struct Decision: Sendable, Equatable {
    /// `previousHash` of the first record.
    public static let genesisHash = String(repeating: "0", count: 64)

    public var seq: Int
    /// ISO 8601, UTC.
    public var at: String
    public var reviewer: String
    public var kind: DecisionKind
    public var target: DecisionTarget
    public var note: String?
    public var previousHash: String
    public var hash: String

    /// The fields the hash covers, in a fixed order.
    var canonicalJSON: JSONValue {
        var fields: [(String, JSONValue)] = [
            ("seq", .int(seq)), ("at", .string(at)), ("reviewer", .string(reviewer)), ("decision", .string(kind.rawValue)),
        ]
        switch target {
        case .row(let row):
            fields += [("row", .int(row)), ("list", .null), ("algorithm", .null), ("entry", .null)]
        case .entry(let list, let algorithm, let entry):
            fields += [("row", .null), ("list", .string(list)), ("algorithm", .string(algorithm)), ("entry", .string(entry))]
        }
        fields.append(("note", .of(note)))
        return .object(fields)
    }

    /// The hash this record should carry, given its fields and `previousHash`.
    var expectedHash: String {
        SHA256Hex.of(Array((previousHash + "\n" + canonicalJSON.serialized()).utf8))
    }

    /// The record as one line of the JSON-lines export: the hashed fields plus both hashes.
    public var json: JSONValue {
        guard case .object(let fields) = canonicalJSON else { return canonicalJSON }
        return .object(fields + [("previous_hash", .string(previousHash)), ("hash", .string(hash))])
    }
}
