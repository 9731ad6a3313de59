import Foundation
import Linksieve

/// The review queue: filters, then either entry groups (count, domains, distance spread, flood
/// flag, decisions so far) or rows, borderline PDQ distances first unless another order is
/// chosen, one keyset page at a time. Also the page of one entry group's rows.
enum QueuePage {
    static func render(
        request: QueueRequest, groups: ReviewPage<ReviewGroup>?, rows: ReviewPage<ReviewRow>?, session: ReviewSession,
        twoPersonRule: Bool, path: String, group: ReviewGroup? = nil
    ) -> String {
        let back = path + "?" + request.queryString()
        var body = ""
        if let key = request.filter.group {
            body += "<h1>Entry group</h1>" + groupHeader(key, group)
        } else {
            body += "<h1>Review queue</h1>" + filters(request)
        }
        body += DecisionForm.keys
        if let groups {
            body += groupTable(groups.items)
            body += paging(request, next: groups.next, path: path)
            let first = groups.items.first
            body += DecisionForm.render(
                session: session, back: back, group: first?.key,
                scope: first.map { "entry group \($0.reference) (\($0.rows) rows)" } ?? "the selected group")
        } else if let rows {
            body += rowTable(rows.items)
            body += paging(request, next: rows.next, path: path)
            body += DecisionForm.render(
                session: session, back: back, row: rows.items.first?.row,
                scope: rows.items.first.map { "row \($0.row)" } ?? "the selected row")
            if let group = request.filter.group {
                body += DecisionForm.render(
                    session: session, back: back, group: group, scope: "the whole entry group (every row it matched)",
                    id: "decide-group-form")
            }
        }
        return PageLayout.render(title: request.filter.group == nil ? "Review queue" : "Entry group", session: session,
                                 twoPersonRule: twoPersonRule, body: body)
    }

    private static func groupHeader(_ key: ReviewGroupKey, _ group: ReviewGroup?) -> String {
        var text = "<dl class=\"facts\"><dt>List</dt><dd>\(HTMLText.escape(key.list))</dd>"
            + "<dt>Algorithm</dt><dd>\(HTMLText.escape(key.algorithm))</dd>"
            + "<dt>Entry</dt><dd class=\"mono\">\(HTMLText.escape(key.entry))</dd>"
        if let group {
            text += "<dt>Label</dt><dd>\(HTMLText.escape(group.label))</dd><dt>Category</dt><dd>\(HTMLText.escape(group.category ?? "—"))</dd>"
                + "<dt>Rows</dt><dd>\(group.rows)\(group.isFlood ? " <span class=\"flood\">flood</span>" : "")</dd>"
                + "<dt>Domains</dt><dd>\(domains(group))</dd><dt>Distance</dt><dd>\(spread(group.minDistance, group.maxDistance))</dd>"
        }
        return text + "</dl><p><a href=\"/\">Back to the queue</a></p>"
    }

    private static func filters(_ request: QueueRequest) -> String {
        let filter = request.filter
        func select(_ name: String, _ label: String, _ options: [(String, String)], _ chosen: String?) -> String {
            var html = "<label>\(label)<select name=\"\(name)\"><option value=\"\">any</option>"
            for (value, text) in options {
                html += "<option value=\"\(HTMLText.escape(value))\"\(value == chosen ? " selected" : "")>\(HTMLText.escape(text))</option>"
            }
            return html + "</select></label>"
        }
        func text(_ name: String, _ label: String, _ value: String?) -> String {
            "<label>\(label)<input name=\"\(name)\" value=\"\(HTMLText.escape(value ?? ""))\" size=\"14\"></label>"
        }
        let band = filter.pdqDistance.map { "\($0.lowerBound)-\($0.upperBound)" }
        return "<form method=\"get\" action=\"/\" class=\"filters\">"
            + select("view", "Show", [("groups", "entry groups"), ("rows", "rows")], request.view.rawValue)
            + text("list", "List", filter.list) + text("category", "Category", filter.category)
            + select("algorithm", "Algorithm", QueueRequest.algorithms.map { ($0, $0) }, filter.algorithm)
            + select("stage", "Stage", [("url", "url"), ("bytes", "bytes"), ("pixels", "pixels")], filter.stage?.rawValue)
            + select("band", "PDQ distance", QueueRequest.bands.map { ("\($0.range.lowerBound)-\($0.range.upperBound)", $0.name) }, band)
            + select("state", "Decision", ReviewDecisionState.allCases.map { ($0.rawValue, $0.rawValue) }, filter.decision?.rawValue)
            + text("domain", "Domain", filter.domain)
            + select("order", "Order", [("borderline", "borderline first"), ("group-size", "largest groups first"), ("row", "manifest row")],
                     request.order.rawValue)
            + "<button type=\"submit\">Filter</button> <a href=\"/\">reset</a></form>"
    }

    static func spread(_ low: Int?, _ high: Int?) -> String {
        guard let low, let high else { return "exact" }
        return "<span class=\"min\">\(low)</span>–<span class=\"max\">\(high)</span>"
    }

    private static func domains(_ group: ReviewGroup) -> String {
        let top = group.topDomains.map { "\(HTMLText.escape($0.domain)) (\($0.rows))" }.joined(separator: ", ")
        let more = group.domainCount - group.topDomains.count
        return top + (more > 0 ? " and \(more) more" : "")
    }

    private static func state(_ counts: DecisionCounts) -> String {
        ReviewDecisionState.allCases.compactMap { state in
            counts[state] > 0 ? "<span class=\"state-\(state.rawValue)\">\(counts[state]) \(state.rawValue)</span>" : nil
        }.joined(separator: ", ")
    }

    private static func groupTable(_ groups: [ReviewGroup]) -> String {
        var html = """
            <table id="queue"><thead><tr><th>Entry group</th><th>List</th><th>Algorithm</th><th>Label · category</th>\
            <th>Rows</th><th>Domains</th><th>PDQ distance</th><th>Decisions</th></tr></thead><tbody>
            """
        for group in groups {
            let scope = "entry group \(group.reference) (\(group.rows) rows)"
            html += """
                <tr data-item data-list="\(HTMLText.escape(group.key.list))" data-algorithm="\(HTMLText.escape(group.key.algorithm))" \
                data-entry="\(HTMLText.escape(group.key.entry))" data-scope="\(HTMLText.escape(scope))">\
                <td><a class="open" href="\(HTMLText.escape(QueueRequest.groupLink(group.key)))">\(HTMLText.escape(group.reference))</a></td>\
                <td>\(HTMLText.escape(group.key.list))</td><td class="algorithm">\(HTMLText.escape(group.key.algorithm))</td>\
                <td>\(HTMLText.escape(group.label)) · \(HTMLText.escape(group.category ?? "—"))</td>\
                <td>\(group.rows)\(group.isFlood ? " <span class=\"flood\" title=\"matches far more rows than other entries\">flood</span>" : "")</td>\
                <td>\(domains(group))</td><td class="spread">\(spread(group.minDistance, group.maxDistance))</td>\
                <td>\(state(group.decisions))</td></tr>
                """
        }
        if groups.isEmpty { html += "<tr><td colspan=\"8\">Nothing in the queue matches these filters.</td></tr>" }
        return html + "</tbody></table>"
    }

    private static func rowTable(_ rows: [ReviewRow]) -> String {
        var html = """
            <table id="queue"><thead><tr><th>Row</th><th>Domain</th><th>List</th><th>Algorithm</th><th>Stage</th>\
            <th>Label · category</th><th>Distance</th><th>Decision</th></tr></thead><tbody>
            """
        for row in rows {
            html += """
                <tr data-item data-row="\(row.row)" data-scope="row \(row.row)">\
                <td><a class="open" href="/match/\(row.row)">\(row.row)</a>\(row.matchesOfRow > 1 ? " (+\(row.matchesOfRow - 1) more matches)" : "")</td>\
                <td>\(HTMLText.escape(row.domain))</td><td>\(HTMLText.escape(row.group.list))</td>\
                <td class="algorithm">\(HTMLText.escape(row.group.algorithm))</td><td>\(row.stage.rawValue)</td>\
                <td>\(HTMLText.escape(row.label)) · \(HTMLText.escape(row.category ?? "—"))</td>\
                <td class="spread">\(row.distance.map { "<span class=\"max\">\($0)</span>" } ?? "exact")</td>\
                <td class="state-\(row.decision.rawValue)">\(row.decision.rawValue)</td></tr>
                """
        }
        if rows.isEmpty { html += "<tr><td colspan=\"8\">Nothing in the queue matches these filters.</td></tr>" }
        return html + "</tbody></table>"
    }

    private static func paging(_ request: QueueRequest, next: ReviewCursor?, path: String) -> String {
        var links: [String] = []
        if request.after != nil { links.append("<a href=\"\(path)?\(HTMLText.escape(request.queryString()))\">first page</a>") }
        if let next { links.append("<a id=\"next-page\" href=\"\(path)?\(HTMLText.escape(request.queryString(after: next)))\">next page</a>") }
        return links.isEmpty ? "" : "<p class=\"paging\">\(links.joined(separator: " · "))</p>"
    }
}
