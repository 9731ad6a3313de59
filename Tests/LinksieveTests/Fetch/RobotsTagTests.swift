import Testing

@testable import Linksieve

@Suite("RobotsTag")
struct RobotsTagTests {
    @Test("reads directives, lower-cased and each once, scoping them to the crawler named before them", arguments: [
        (["noai"], ["noai"]),
        (["NoAI, NoImageAI"], ["noai", "noimageai"]),
        (["noindex", "noai", "noindex"], ["noindex", "noai"]),
        (["otherbot: noai"], ["otherbot:noai"]),
        (["linksieve: noimageai, nofollow"], ["noimageai", "nofollow"]),
        (["LinkSieve : noai"], ["noai"]),
        (["googlebot: nofollow, otherbot: noindex, noai"], ["googlebot:nofollow", "otherbot:noindex", "otherbot:noai"]),
        (["max-image-preview: none, noai"], ["max-image-preview:none", "noai"]),
        (["unavailable_after: Wed, 03 Dec 2025 13:09:53 GMT, noai"],
         ["unavailable_after:wed, 03 dec 2025 13:09:53 gmt", "noai"]),
        (["", " , ,", "all"], ["all"]),
        (["<script>", "no ai"], []),
        ([], []),
    ])
    func directives(_ values: [String], _ expected: [String]) {
        #expect(RobotsTag.directives(fromHeaderValues: values) == expected)
    }

    @Test("opts out on noai or noimageai addressed to everyone or to linksieve, not to another crawler", arguments: [
        (["noai"], true), (["noimageai"], true), (["linksieve: noai"], true), (["noindex, nofollow"], false),
        (["otherbot: noai"], false), (["img2dataset: noimageai"], false), (["none"], false), ([], false),
    ])
    func optsOut(_ values: [String], _ expected: Bool) {
        let directives = RobotsTag.directives(fromHeaderValues: values)
        #expect(RobotsTag.optsOut(directives) == expected)
        let result = FetchResult(id: 0, outcome: .ok, httpStatus: 200, contentType: nil, body: [], effectiveURL: nil,
                                 elapsed: 0, robotsDirectives: directives)
        #expect(result.optedOut == expected)
    }
}
