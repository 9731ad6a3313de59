import Linksieve

/// What a queue URL asks for: the filters, groups or rows, the order and the page. Read from
/// and written back to the query string, so every view of the queue is a plain link.
struct QueueRequest: Equatable {
    enum View: String { case groups, rows }

    var filter = ReviewFilter.all
    var view = View.groups
    var order = ReviewOrder.borderline
    var after: ReviewCursor?

    /// PDQ distance bands offered by the filter: near the default threshold of 31, and below.
    static let bands: [(name: String, range: ClosedRange<Int>)] = [
        ("24-31 (borderline)", 24...31), ("16-23", 16...23), ("8-15", 8...15), ("0-7", 0...7), ("32-256 (over threshold)", 32...256),
    ]
    static let algorithms = ["pdq", "md5", "sha1", "sha256", "url", "url-sha256", "domain"]

    init() {}

    /// Reads `list`, `category`, `algorithm`, `stage`, `band` (`LOW-HIGH`), `state`, `domain`,
    /// `view`, `order` and `after`; unknown values are ignored rather than failing the page.
    init(query: [String: String]) {
        func value(_ name: String) -> String? {
            guard let text = query[name]?.trimmingCharacters(in: .whitespaces), !text.isEmpty else { return nil }
            return text
        }
        filter.list = value("list")
        filter.category = value("category")
        filter.algorithm = value("algorithm").flatMap { Self.algorithms.contains($0) ? $0 : nil }
        filter.stage = value("stage").flatMap(MatchStage.init(rawValue:))
        if let band = value("band") {
            let bounds = band.split(separator: "-").compactMap { Int($0) }
            if bounds.count == 2, bounds[0] <= bounds[1] { filter.pdqDistance = bounds[0]...bounds[1] }
        }
        filter.decision = value("state").flatMap(ReviewDecisionState.init(rawValue:))
        filter.domain = value("domain")
        if let list = value("group-list"), let algorithm = value("group-algorithm"), let entry = value("group-entry") {
            filter.group = ReviewGroupKey(list: list, algorithm: algorithm, entry: entry)
        }
        view = value("view").flatMap(View.init(rawValue:)) ?? (filter.group == nil ? .groups : .rows)
        order = value("order").flatMap(ReviewOrder.init(rawValue:)) ?? .borderline
        after = value("after").flatMap(ReviewCursor.init(token:)).flatMap { $0.order == order ? $0 : nil }
    }

    /// The query string of this request (without `after` unless given).
    func queryString(after cursor: ReviewCursor? = nil, view: View? = nil) -> String {
        var pairs: [(String, String)] = []
        if let list = filter.list { pairs.append(("list", list)) }
        if let category = filter.category { pairs.append(("category", category)) }
        if let algorithm = filter.algorithm { pairs.append(("algorithm", algorithm)) }
        if let stage = filter.stage { pairs.append(("stage", stage.rawValue)) }
        if let band = filter.pdqDistance { pairs.append(("band", "\(band.lowerBound)-\(band.upperBound)")) }
        if let state = filter.decision { pairs.append(("state", state.rawValue)) }
        if let domain = filter.domain { pairs.append(("domain", domain)) }
        if let group = filter.group {
            pairs += [("group-list", group.list), ("group-algorithm", group.algorithm), ("group-entry", group.entry)]
        }
        pairs.append(("view", (view ?? self.view).rawValue))
        if order != .borderline { pairs.append(("order", order.rawValue)) }
        if let cursor { pairs.append(("after", cursor.token)) }
        return pairs.map { "\(HTML.query($0.0))=\(HTML.query($0.1))" }.joined(separator: "&")
    }

    /// The link to one entry group's rows.
    static func groupLink(_ key: ReviewGroupKey) -> String {
        var request = QueueRequest()
        request.filter.group = key
        request.view = .rows
        return "/group?" + request.queryString()
    }
}
