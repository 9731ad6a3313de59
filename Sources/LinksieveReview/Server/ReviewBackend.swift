import Linksieve

/// The state behind the server: the queue (`ReviewQueue`, which reads through its own connection
/// and lock) and the one writer of decisions. Appends go through this actor, so two reviewers
/// deciding at the same moment never share the write connection.
actor ReviewBackend {
    let state: StateStore
    nonisolated let queue: ReviewQueue

    init(stateDirectory: String) throws {
        queue = try ReviewQueue(stateDirectory: stateDirectory)
        state = try StateStore(path: stateDirectory + "/state.sqlite")
    }

    func decide(reviewer: String, kind: DecisionKind, target: DecisionTarget, note: String?) throws -> Decision {
        try DecisionLog(state: state).append(reviewer: reviewer, kind: kind, target: target, note: note)
    }

    func audit() throws -> (decisions: [Decision], verification: AuditVerification) {
        let log = DecisionLog(state: state)
        return (try log.all(), try log.verify())
    }
}
