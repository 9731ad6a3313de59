/// The outcome of checking the decisions hash chain: how many records, the hash of the last one
/// (keep it elsewhere to detect a truncated log later), and the first record that does not fit.
public struct AuditVerification: Sendable, Equatable {
    public var records: Int
    public var headHash: String
    /// The sequence number (or position, for a missing record) of the first broken record, and why.
    public var firstBroken: (seq: Int, reason: String)?

    public var isIntact: Bool { firstBroken == nil }

    public static func == (a: AuditVerification, b: AuditVerification) -> Bool {
        a.records == b.records && a.headHash == b.headHash && a.firstBroken?.seq == b.firstBroken?.seq
            && a.firstBroken?.reason == b.firstBroken?.reason
    }
}
