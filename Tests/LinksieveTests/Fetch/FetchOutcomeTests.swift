import Testing

@testable import Linksieve

@Suite("FetchOutcome")
struct FetchOutcomeTests {
    @Test("every outcome has the short reason the reports use", arguments: [
        (FetchOutcome.ok, "ok"), (.httpStatus(404), "http-404"), (.httpStatus(503), "http-503"),
        (.timeout, "timeout"), (.tooLarge, "too-large"), (.tooManyRedirects, "redirect-loop"),
        (.blockedScheme, "blocked-scheme"), (.blockedAddress, "blocked-address"), (.dnsFailure, "dns"),
        (.connectFailed, "connect"), (.tlsFailure, "tls"),
        (.connectionReset, "connection-reset"), (.truncatedBody, "truncated"), (.transferFailed("Failure when receiving data"), "transfer-error"),
    ])
    func reason(_ outcome: FetchOutcome, _ expected: String) {
        #expect(outcome.reason == expected)
    }
}
