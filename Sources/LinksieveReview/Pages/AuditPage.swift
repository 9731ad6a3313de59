import Linksieve

/// The decisions log as stored, newest first, with the result of walking its hash chain, so a
/// reviewer sees at once whether the record of decisions is intact.
enum AuditPage {
    static func render(decisions: [Decision], verification: AuditVerification, session: ReviewSession, twoPersonRule: Bool) -> String {
        let status: String
        if let broken = verification.firstBroken {
            status = "<p class=\"error\" id=\"chain-status\">Chain BROKEN at record \(broken.seq): \(HTMLText.escape(broken.reason))</p>"
        } else {
            status = "<p class=\"ok\" id=\"chain-status\">Chain intact: \(verification.records) records, head <code>\(verification.headHash)</code></p>"
        }
        var rows = ""
        for decision in decisions.reversed() {
            let target: String
            switch decision.target {
            case .row(let row): target = "<a href=\"/match/\(row)\">row \(row)</a>"
            case .entry(let list, let algorithm, let entry):
                target = "entry <span class=\"mono\">\(HTMLText.escape(list)) · \(HTMLText.escape(algorithm)) · \(HTMLText.escape(entry))</span>"
            }
            rows += """
                <tr class="audit-record"><td>\(decision.seq)</td><td>\(HTMLText.escape(decision.at))</td>\
                <td>\(HTMLText.escape(decision.reviewer))</td>\
                <td class="state-\(decision.kind.rawValue)">\(decision.kind.rawValue)</td><td>\(target)</td>\
                <td>\(HTMLText.escape(decision.note ?? ""))</td><td class="mono">\(decision.hash.prefix(16))…</td></tr>
                """
        }
        if decisions.isEmpty { rows = "<tr><td colspan=\"7\">No decisions yet.</td></tr>" }
        return PageLayout.render(title: "Audit log", session: session, twoPersonRule: twoPersonRule, body: """
            <h1>Audit log</h1>\(status)
            <p>Append-only and hash-chained in <code>state.sqlite</code>; check it from a shell with \
            <code>linksieve audit verify --state DIR</code>.</p>
            <table><thead><tr><th>#</th><th>Time (UTC)</th><th>Reviewer</th><th>Decision</th><th>About</th>\
            <th>Note</th><th>Hash</th></tr></thead><tbody>\(rows)</tbody></table>
            """)
    }
}
