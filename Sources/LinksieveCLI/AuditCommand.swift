import ArgumentParser

/// `linksieve audit`: checks and exports the decisions audit log.
struct AuditCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "audit",
        abstract: "Verify or export the hash-chained log of review decisions.",
        subcommands: [AuditVerifyCommand.self, AuditExportCommand.self])
}
