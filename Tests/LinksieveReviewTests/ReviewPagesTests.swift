import Foundation
import Testing
import Linksieve
@testable import LinksieveReview

/// What the pages put in front of a reviewer, checked without a browser: escaping, bit grids
/// and queue URLs.
@Suite("Review pages")
struct ReviewPagesTests {
    @Test("text from manifests and lists cannot become markup")
    func escaping() {
        #expect(HTMLText.escape("<script>alert('x')</script> & \"q\"")
            == "&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt; &amp; &quot;q&quot;")
    }

    @Test("the bit grids draw 256 cells each and outline exactly the differing bits")
    func gridsMarkDifferences() throws {
        let observed = String(repeating: "0", count: 64)
        let entry = "f" + String(repeating: "0", count: 62) + "1"
        let comparison = try #require(PDQComparison(observedHex: observed, entryHex: entry))
        let html = HashGrid.pair(comparison)
        #expect(html.components(separatedBy: "<rect").count - 1 == 512)
        #expect(html.components(separatedBy: "class=\"diff\"").count - 1 == 2 * comparison.distance)
        #expect(comparison.distance == 5)
        #expect(html.contains("<strong>5</strong> of 256 bits differ"))
    }

    @Test("a queue URL reads back into the same filters, and bad values are ignored")
    func queueRequestRoundTrip() {
        var request = QueueRequest()
        request.filter = ReviewFilter(
            list: "lists/a b.csv", category: "c&d", algorithm: "pdq", stage: .pixels, pdqDistance: 24...31,
            decision: .falsePositive, domain: "cdn.example.org")
        request.view = .rows
        request.order = .groupSize
        var query: [String: String] = [:]
        for pair in request.queryString().split(separator: "&") {
            let parts = pair.split(separator: "=", maxSplits: 1).map { String($0).removingPercentEncoding ?? "" }
            query[parts[0]] = parts[1]
        }
        #expect(QueueRequest(query: query) == request)

        let ignored = QueueRequest(query: ["algorithm": "rot13", "band": "31-24", "stage": "nowhere", "after": "x~y"])
        #expect(ignored.filter == .all && ignored.after == nil && ignored.view == .groups)
    }

    @Test("a cross-site form page cannot be framed and loads nothing from elsewhere")
    func contentSecurityPolicy() {
        let policy = SecurityHeadersMiddleware<ReviewRequestContext>.contentSecurityPolicy
        #expect(policy.hasPrefix("default-src 'none';"))
        for directive in ["script-src 'self'", "style-src 'self'", "img-src 'self'", "form-action 'self'", "frame-ancestors 'none'"] {
            #expect(policy.contains(directive))
        }
        let page = PageLayout.render(title: "t", session: nil, body: "")
        #expect(!page.contains("http://") && !page.contains("https://") && !page.contains("<style") && !page.contains("style="))
    }
}
