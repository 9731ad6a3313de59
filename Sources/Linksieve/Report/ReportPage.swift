import Foundation

/// report.html: what a run did, readable by a maintainer in a minute and publishable like
/// summary.json. It is built only from the run's summary and aggregate figures, never from
/// rows, so no URL, caption or list value can reach it (entries appear by `EntryGroup.reference`).
/// One self-contained file: inline CSS and SVG, no script, and a CSP that forbids loading anything.
public struct ReportPage {
    /// The run's summary.json, parsed.
    let summary: [String: Any]
    let aggregates: MatchAggregates

    public init(summaryJSON: String, aggregates: MatchAggregates) throws(ReportError) {
        guard let object = try? JSONSerialization.jsonObject(with: Data(summaryJSON.utf8)) as? [String: Any] else {
            throw .unreadableSummary
        }
        self.summary = object
        self.aggregates = aggregates
    }

    public func html() -> String {
        let rows = summary["rows"] as? [String: Any] ?? [:]
        let settings = summary["settings"] as? [String: Any] ?? [:]
        let manifest = summary["manifest"] as? String ?? "?"
        let changes = summary["changes"] as? [String: Any]
        let kind = settings["two_person_rule"] != nil ? "Review decisions applied" : changes == nil ? "Scan" : "Rescan"
        var page = """
            <!DOCTYPE html>
            <html lang="en"><head><meta charset="utf-8">
            <meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'">
            <meta name="viewport" content="width=device-width, initial-scale=1">
            <title>linksieve report: \(HTMLText.escape(manifest))</title>
            <style>\(Self.style)</style></head><body>
            <h1>linksieve report <span class="sub">\(HTMLText.escape(manifest))</span></h1>
            <p class="meta">\(kind) finished \(text(summary["finished_at"])) · linksieve \
            \(text((summary["tool"] as? [String: Any])?["version"])) · no URLs, captions or list values appear in this report</p>

            """
        page += "<section><h2>Rows</h2><div class=\"cards\">"
        for (key, title) in [("in", "in"), ("cleansed", "cleansed"), ("quarantined", "quarantined"),
                             ("rejected", "rejected"), ("excluded", "excluded")] {
            page += "<div class=\"card \(key)\"><b>\(int(rows[key]))</b><span>\(title)</span></div>"
        }
        page += "</div></section>\n"
        if let changes {
            page += section("What changed since the previous state", SVGChart.bars(sortedTally(changes)))
        }
        page += "<div class=\"grid\">"
        page += section("Quarantined by stage", SVGChart.bars(sortedTally(summary["quarantined_by_stage"])))
        page += section("Matches by list and algorithm", SVGChart.bars(listAlgorithmTally()))
        page += section("Fetch outcomes", SVGChart.bars(sortedTally(summary["fetch_outcomes"])))
        page += section("Image outcomes", SVGChart.bars(sortedTally(summary["image_outcomes"])))
        page += section("Rejected by reason", SVGChart.bars(sortedTally(summary["rejected_by_reason"])))
        page += section("Excluded by reason", SVGChart.bars(sortedTally(summary["excluded_by_reason"])))
        page += "</div>"
        let threshold = int(settings["pdq_threshold"])
        page += section(
            "PDQ distance of quarantined rows (threshold \(threshold))",
            aggregates.pdqDistances.isEmpty
                ? "<p class=\"none\">no PDQ matches</p>" : SVGChart.histogram(aggregates.pdqDistances, upTo: threshold))
        page += section("Largest entry groups", groupsTable())
        page += section("Lists", listsTable())
        page += "<div class=\"grid\">"
        page += section("Settings", keyValueTable(settings))
        let run = summary["run"] as? [String: Any] ?? [:]
        var timings = run["seconds"] as? [String: Any] ?? [:]
        timings["resumed rows"] = run["resumed_rows"]
        timings["fetched this run"] = run["fetched_this_run"]
        page += section("Timings (seconds) and run", keyValueTable(timings))
        page += "</div></body></html>\n"
        return page
    }

    private func section(_ title: String, _ body: String) -> String {
        "<section><h2>\(HTMLText.escape(title))</h2>\(body)</section>\n"
    }

    private func groupsTable() -> String {
        guard !aggregates.largestGroups.isEmpty else { return "<p class=\"none\">no matches</p>" }
        var table = "<p>\(aggregates.entriesMatched) entries matched; median \(aggregates.medianRowsPerEntry) rows per entry. "
            + "Entries are named by reference (SHA-256 of list, algorithm and value), never by value.</p>"
            + "<table><tr><th>reference</th><th>list</th><th>algorithm</th><th>label</th><th>category</th>"
            + "<th class=\"n\">rows</th><th>distance</th><th></th></tr>"
        // Entries over their list's flood_limit, as the summary names them (by SHA-256 of the value).
        let held = Set((summary["flooded_entries"] as? [[String: Any]] ?? []).compactMap { entry -> String? in
            guard let list = entry["list"] as? String, let digest = entry["entry_sha256"] as? String else { return nil }
            return list + "\u{0}" + digest
        })
        for group in aggregates.largestGroups {
            let isHeld = held.contains(group.list + "\u{0}" + SHA256Hex.of(Array(group.entry.utf8)))
            let note = isHeld
                ? "<span class=\"flag\">held for review: more rows than the list's flood_limit, likely mislisted</span>"
                : group.isFlood ? "<span class=\"flag\">flood: far more rows than other entries</span>" : ""
            let spread = group.minDistance.map { min in
                let max = group.maxDistance ?? min
                return min == max ? "\(min)" : "\(min)–\(max)"
            } ?? "exact"
            table += "<tr\(group.isFlood || isHeld ? " class=\"flood\"" : "")><td><code>\(group.reference)</code></td>"
                + "<td>\(HTMLText.escape(group.list))</td><td>\(HTMLText.escape(group.algorithm))</td>"
                + "<td>\(HTMLText.escape(group.label))</td><td>\(HTMLText.escape(group.category ?? ""))</td>"
                + "<td class=\"n\">\(group.rows)</td><td>\(spread)</td>"
                + "<td>\(note)</td></tr>"
        }
        return table + "</table>"
    }

    private func listsTable() -> String {
        let lists = summary["lists"] as? [[String: Any]] ?? []
        guard !lists.isEmpty else { return "<p class=\"none\">no lists</p>" }
        var table = "<table><tr><th>name</th><th class=\"n\">entries</th><th>per algorithm</th>"
            + "<th class=\"n\">unsupported</th><th>SHA-256</th></tr>"
        for list in lists {
            let counts = (list["counts"] as? [String: Any] ?? [:]).sorted { $0.key < $1.key }
                .map { "\(HTMLText.escape($0.key)) \(int($0.value))" }.joined(separator: ", ")
            table += "<tr><td>\(HTMLText.escape(text(list["name"])))</td><td class=\"n\">\(int(list["entries"]))</td>"
                + "<td>\(counts)</td><td class=\"n\">\(int(list["unsupported"]))</td>"
                + "<td><code>\(HTMLText.escape(text(list["sha256"])))</code></td></tr>"
        }
        return table + "</table>"
    }

    private func keyValueTable(_ values: [String: Any]) -> String {
        var table = "<table>"
        for (key, value) in values.sorted(by: { $0.key < $1.key }) {
            table += "<tr><th>\(HTMLText.escape(key.replacingOccurrences(of: "_", with: " ")))</th>"
                + "<td>\(HTMLText.escape(text(value)))</td></tr>"
        }
        return table + "</table>"
    }

    private func listAlgorithmTally() -> [(String, Int)] {
        let byList = summary["matches_by_list"] as? [String: Any] ?? [:]
        var tally: [(String, Int)] = []
        for (list, algorithms) in byList {
            for (algorithm, count) in sortedTally(algorithms) { tally.append((list + " · " + algorithm, count)) }
        }
        return tally.sorted(by: Self.largestFirst)
    }

    private func sortedTally(_ value: Any?) -> [(String, Int)] {
        let object = value as? [String: Any] ?? [:]
        let tally: [(String, Int)] = object.map { ($0.key, int($0.value)) }
        return tally.sorted(by: Self.largestFirst)
    }

    private static func largestFirst(_ a: (String, Int), _ b: (String, Int)) -> Bool {
        a.1 != b.1 ? a.1 > b.1 : a.0 < b.0
    }

    private func int(_ value: Any?) -> Int { (value as? NSNumber)?.intValue ?? 0 }

    private func text(_ value: Any?) -> String {
        switch value {
        case nil, is NSNull: return "—"
        case let string as String: return string
        case let number as NSNumber:
            // JSON booleans arrive as NSNumber too.
            if number.isJSONBoolean { return number.boolValue ? "yes" : "no" }
            return number.stringValue
        default: return "\(value!)"
        }
    }

    private static let style = """
        body{font:14px/1.45 system-ui,sans-serif;margin:24px auto;max-width:1180px;color:#1d232a;background:#fafafa;padding:0 16px}
        h1{font-size:22px;margin:0 0 4px}h1 .sub{font-weight:400;color:#5b6670}
        h2{font-size:15px;margin:0 0 8px;color:#2c3e50}
        .meta{color:#5b6670;margin:0 0 16px}
        section{background:#fff;border:1px solid #dde2e6;border-radius:6px;padding:12px 16px;margin:0 0 14px}
        .grid{display:grid;grid-template-columns:repeat(auto-fit,minmax(540px,1fr));gap:0 14px}
        .cards{display:flex;gap:12px;flex-wrap:wrap}
        .card{border-radius:6px;padding:8px 16px;background:#eef2f5;min-width:120px}
        .card b{display:block;font-size:24px}.card span{color:#5b6670}
        .card.quarantined{background:#fde8e4}.card.cleansed{background:#e5f4ea}
        table{border-collapse:collapse;width:100%}th,td{text-align:left;padding:3px 8px;border-bottom:1px solid #eef0f2;vertical-align:top}
        td.n,th.n{text-align:right}code{font-size:12px;word-break:break-all}
        tr.flood td{background:#fff4d6}.flag{color:#8a5a00;font-weight:600}
        .chart text{font-size:12px;fill:#1d232a}.chart .bar{fill:#3d7ab8}.chart .axis{stroke:#8894a0}
        .none{color:#8894a0;margin:0}
        """
}
