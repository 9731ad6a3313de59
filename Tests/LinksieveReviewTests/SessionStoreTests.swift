import Foundation
import Testing
@testable import LinksieveReview

/// Sign-in with the one-time URL and session expiry, without a server or a browser.
@Suite("Review sessions")
struct SessionStoreTests {
    let start = Date(timeIntervalSince1970: 1_800_000_000)

    @Test("the one-time token opens one session; a second use and a wrong token open none")
    func tokenIsSingleUse() throws {
        let store = SessionStore(loginToken: "a1b2")
        #expect(store.signIn(token: "a1b3", reviewer: "ana", now: start) == nil)
        let session = try #require(store.signIn(token: "a1b2", reviewer: "ana", now: start))
        #expect(session.reviewer == "ana")
        #expect(session.id.count == 64 && session.csrfToken.count == 64 && session.id != session.csrfToken)
        #expect(store.signIn(token: "a1b2", reviewer: "eve", now: start) == nil)
        #expect(store.session(id: session.id, now: start)?.reviewer == "ana")
    }

    @Test("without a token (accounts only) no URL signs in")
    func noTokenNoURLSignIn() {
        let store = SessionStore(loginToken: nil)
        #expect(store.signIn(token: "", reviewer: "ana", now: start) == nil)
    }

    @Test("a session ends after the idle timeout, and activity keeps it alive until the absolute one")
    func expiry() throws {
        let store = SessionStore(policy: SessionPolicy(idleTimeout: 60, absoluteTimeout: 300), loginToken: "t")
        let session = try #require(store.signIn(token: "t", reviewer: "ana", now: start))
        var now = start
        for _ in 0..<4 {
            now += 50
            #expect(store.session(id: session.id, now: now) != nil)
        }
        #expect(store.session(id: session.id, now: start + 301) == nil, "past the absolute limit")
        #expect(store.session(id: session.id, now: now) == nil, "an expired session is forgotten")

        let idle = store.signIn(account: "bo", now: start)
        #expect(store.session(id: idle.id, now: start + 61) == nil)
        #expect(store.session(id: "unknown", now: start) == nil)
    }

    @Test("signing out ends the session")
    func signOut() {
        let store = SessionStore(loginToken: nil)
        let session = store.signIn(account: "ana", now: start)
        store.signOut(id: session.id)
        #expect(store.session(id: session.id, now: start) == nil)
    }
}
