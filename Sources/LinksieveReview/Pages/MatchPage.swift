import Foundation
import Linksieve

/// One quarantined row: every match with list, label, category, entry, observed value, distance,
/// quality and dihedral variant; the fetch facts; the URL as plain text (never a link); the caption
/// only after "show text"; PDQ hashes as bit grids; the decisions so far. No image, ever.
enum MatchPage {
    static func render(
        detail: ReviewRowDetail, captionRequested: Bool, session: ReviewSession, twoPersonRule: Bool
    ) -> String {
        let result = detail.result
        var body = "<h1>Row \(result.row)</h1><p><a href=\"/?view=rows\">Back to the queue</a></p>"
        body += DecisionForm.keys
        body += "<h2>Row</h2><dl class=\"facts\">"
        body += fact("URL", "<span id=\"url\" class=\"mono\">\(HTMLText.escape(result.url ?? ""))</span>")
        body += fact("Domain", HTMLText.escape(detail.domain))
        if let fetch = result.fetch {
            body += fact("HTTP status", fetch.httpStatus.map(String.init) ?? "— (\(HTMLText.escape(fetch.outcome)))")
            body += fact("Content type", HTMLText.escape(fetch.contentType ?? "—"))
            body += fact("Size", "\(fetch.bytes) bytes")
            body += fact("Fetched", fetch.fetchedAt > 0 ? iso(fetch.fetchedAt) : "—")
        } else {
            body += fact("HTTP status", "not fetched (matched by URL)") + fact("Content type", "—") + fact("Size", "—")
                + fact("Fetched", "—")
        }
        body += fact("Quality", result.content?.pdqQuality.map(String.init) ?? "—")
        body += "</dl>"
        body += caption(detail, requested: captionRequested)

        for (index, reviewed) in detail.matches.enumerated() {
            let match = reviewed.match
            body += "<h2>Match \(index + 1) of \(detail.matches.count): <span class=\"state-\(reviewed.decision.rawValue)\">\(reviewed.decision.rawValue)</span></h2>"
            body += "<dl class=\"facts\">"
            body += fact("List", HTMLText.escape(match.list)) + fact("Label", HTMLText.escape(match.label))
            body += fact("Category", HTMLText.escape(match.category ?? "—"))
            body += fact("Stage", match.stage.rawValue) + fact("Algorithm", match.algorithm.rawValue)
            body += fact("Entry", "<span class=\"mono\">\(HTMLText.escape(match.entry))</span>")
            body += fact("Observed", "<span class=\"mono\">\(HTMLText.escape(match.observed))</span>")
            body += fact("Distance", match.distance.map(String.init) ?? "exact")
            body += fact("Variant", HTMLText.escape(match.variant ?? "as fetched"))
            let group = ReviewGroupKey(list: match.list, algorithm: match.algorithm.rawValue, entry: match.entry)
            body += fact("Entry group", "<a href=\"\(HTMLText.escape(QueueRequest.groupLink(group)))\">all rows of this entry</a>")
            body += "</dl>"
            if let pdq = reviewed.pdq { body += HashGrid.pair(pdq) }
        }
        if twoPersonRule {
            body += "<p class=\"rule\">Two-person rule: a false positive returns this row only when a second, different reviewer agrees.</p>"
        }
        body += DecisionForm.render(session: session, back: "/match/\(result.row)", row: result.row, scope: "row \(result.row)")
        body += decisions(detail.decisions)
        return PageLayout.render(title: "Row \(result.row)", session: session, twoPersonRule: twoPersonRule, body: body)
    }

    private static func fact(_ name: String, _ html: String) -> String { "<dt>\(name)</dt><dd>\(html)</dd>" }

    private static func iso(_ seconds: Double) -> String {
        ISO8601DateFormatter().string(from: Date(timeIntervalSince1970: seconds))
    }

    /// The caption is read and put in the page only when the reviewer asks for it ("show text",
    /// which loads `?text=1`); "hide text" goes back to the page without it.
    private static func caption(_ detail: ReviewRowDetail, requested: Bool) -> String {
        let row = detail.result.row
        guard requested, let caption = detail.caption else {
            return "<p><a id=\"show-text\" href=\"/match/\(row)?text=1\">show text</a> (the row's caption)</p>"
        }
        switch caption {
        case .text(let text):
            return """
                <p><a id="hide-text" href="/match/\(row)">hide text</a></p><blockquote id="caption">\(HTMLText.escape(text))</blockquote>
                """
        case .unavailable(let why):
            return "<p>Caption not available: \(HTMLText.escape(why))</p>"
        }
    }

    private static func decisions(_ decisions: [Decision]) -> String {
        guard !decisions.isEmpty else { return "<h2>Decisions</h2><p>None yet.</p>" }
        var html = "<h2>Decisions</h2><table><thead><tr><th>#</th><th>Time</th><th>Reviewer</th><th>Decision</th><th>On</th><th>Note</th></tr></thead><tbody>"
        for decision in decisions {
            let on: String
            switch decision.target {
            case .row(let row): on = "row \(row)"
            case .entry: on = "the entry group"
            }
            html += "<tr><td>\(decision.seq)</td><td>\(HTMLText.escape(decision.at))</td><td>\(HTMLText.escape(decision.reviewer))</td>"
                + "<td class=\"state-\(decision.kind.rawValue)\">\(decision.kind.rawValue)</td><td>\(on)</td>"
                + "<td>\(HTMLText.escape(decision.note ?? ""))</td></tr>"
        }
        return html + "</tbody></table>"
    }
}
