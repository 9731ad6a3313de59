import Foundation
import Testing
@testable import LinksieveReview

/// The checks that keep another site from posting decisions in a reviewer's name.
@Suite("Review CSRF checks")
struct CSRFCheckTests {
    let check = CSRFCheck(allowedOrigins: ["http://127.0.0.1:8765"])
    let session = ReviewSession(
        id: "s", reviewer: "ana", csrfToken: String(repeating: "ab", count: 32), createdAt: Date(), lastSeenAt: Date())

    @Test("a same-origin form with the session's token passes")
    func sameOriginPasses() throws {
        try check.check(secFetchSite: "same-origin", origin: "http://127.0.0.1:8765", formToken: session.csrfToken, session: session)
        try check.check(secFetchSite: nil, origin: "http://127.0.0.1:8765", formToken: session.csrfToken, session: session)
        try check.check(secFetchSite: "same-origin", origin: "null", formToken: session.csrfToken, session: session)
    }

    @Test("a cross-site post is refused even with the right token")
    func crossSiteRefused() {
        #expect(throws: CSRFCheck.Refusal.crossSite("Sec-Fetch-Site: cross-site")) {
            try check.check(secFetchSite: "cross-site", origin: nil, formToken: session.csrfToken, session: session)
        }
        #expect(throws: CSRFCheck.Refusal.crossSite("Origin: http://evil.example")) {
            try check.check(secFetchSite: nil, origin: "http://evil.example", formToken: session.csrfToken, session: session)
        }
        #expect(throws: CSRFCheck.Refusal.crossSite("Sec-Fetch-Site: same-site")) {
            try check.check(secFetchSite: "same-site", origin: "http://127.0.0.1:8765", formToken: session.csrfToken, session: session)
        }
        #expect(throws: CSRFCheck.Refusal.crossSite("no Origin or Sec-Fetch-Site header")) {
            try check.check(secFetchSite: nil, origin: nil, formToken: session.csrfToken, session: session)
        }
        #expect(throws: CSRFCheck.Refusal.crossSite("no Origin or Sec-Fetch-Site header")) {
            try check.check(secFetchSite: nil, origin: "null", formToken: session.csrfToken, session: session)
        }
    }

    @Test("a missing or wrong form token is refused")
    func badTokenRefused() {
        #expect(throws: CSRFCheck.Refusal.badToken) {
            try check.check(secFetchSite: "same-origin", origin: nil, formToken: nil, session: session)
        }
        #expect(throws: CSRFCheck.Refusal.badToken) {
            try check.check(secFetchSite: "same-origin", origin: nil, formToken: String(repeating: "ab", count: 31) + "ac", session: session)
        }
    }

    @Test("allowed origins follow the bound port, for both loopback spellings")
    func allowedOriginsFollowPort() {
        let origins = AllowedOrigins()
        #expect(origins.current.isEmpty)
        origins.serverBound(host: "127.0.0.1", port: 4242)
        #expect(origins.current == ["http://127.0.0.1:4242", "http://localhost:4242"])
        #expect(origins.allows(hostHeader: "127.0.0.1:4242"))
        #expect(!origins.allows(hostHeader: "rebound.example:4242"))
        #expect(!origins.allows(hostHeader: nil))
    }
}
