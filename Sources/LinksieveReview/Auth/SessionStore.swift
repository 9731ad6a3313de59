import Foundation
import Synchronization

/// The server's sessions and its one-time login token, kept in memory only: a restarted server
/// signs everyone out, and nothing about a session is written to disk.
///
/// Shared by every request handler, so the state sits behind a `Mutex`.
public final class SessionStore: Sendable {
    private struct State {
        var sessions: [String: ReviewSession] = [:]
        /// The token printed in the start-up URL; nil once used.
        var loginToken: String?
    }

    public let policy: SessionPolicy
    private let state: Mutex<State>

    /// `loginToken`: the one-time token of the printed URL, or nil when only accounts sign in.
    public init(policy: SessionPolicy = .standard, loginToken: String?) {
        self.policy = policy
        state = Mutex(State(loginToken: loginToken))
    }

    /// Makes a new one-time login token (replacing any unused one) and returns it.
    public static func newLoginToken() -> String { RandomToken.make() }

    /// Trades the one-time login token for a session for `reviewer`; nil if the token is wrong or
    /// already used. A wrong guess does not use the token up.
    public func signIn(token: String, reviewer: String, now: Date = Date()) -> ReviewSession? {
        state.withLock { state in
            guard let expected = state.loginToken, RandomToken.equal(expected, token) else { return nil }
            state.loginToken = nil
            return Self.open(reviewer: reviewer, now: now, in: &state)
        }
    }

    /// A session for a reviewer whose password was checked against the accounts file.
    public func signIn(account reviewer: String, now: Date = Date()) -> ReviewSession {
        state.withLock { Self.open(reviewer: reviewer, now: now, in: &$0) }
    }

    private static func open(reviewer: String, now: Date, in state: inout State) -> ReviewSession {
        let session = ReviewSession(
            id: RandomToken.make(), reviewer: reviewer, csrfToken: RandomToken.make(), createdAt: now, lastSeenAt: now)
        state.sessions[session.id] = session
        return session
    }

    /// The live session with this id, its idle clock restarted; nil (and forgotten) when unknown or expired.
    public func session(id: String, now: Date = Date()) -> ReviewSession? {
        state.withLock { state in
            guard var session = state.sessions[id] else { return nil }
            let idle = now.timeIntervalSince(session.lastSeenAt)
            let age = now.timeIntervalSince(session.createdAt)
            guard idle <= policy.idleTimeout, age <= policy.absoluteTimeout else {
                state.sessions[id] = nil
                return nil
            }
            session.lastSeenAt = now
            state.sessions[id] = session
            return session
        }
    }

    public func signOut(id: String) {
        state.withLock { _ = $0.sessions.removeValue(forKey: id) }
    }
}
