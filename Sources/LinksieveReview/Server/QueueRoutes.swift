import Hummingbird
import Linksieve

/// The read side of the app: the queue, one entry group's rows, one row's match page.
extension ReviewRoutes {
    /// Rows or groups per page: a screenful to work through with j/k.
    static let pageSize = 50

    func addQueueRoutes(to router: Router<ReviewRequestContext>) {
        router.get("/") { request, context in try queuePage(request, context: context, path: "/") }
        router.get("/group") { request, context in try queuePage(request, context: context, path: "/group") }
        router.get("/match/:row") { request, context in
            let session = try requireSession(context)
            guard let row = context.parameters.get("row", as: Int.self) else { throw HTTPError(.notFound) }
            let showText = request.uri.queryParameters.get("text") == "1"
            guard let detail = try backend.queue.row(row, caption: showText) else {
                throw HTTPError(.notFound, message: "Row \(row) is not quarantined.")
            }
            return ReviewResponse.html(MatchPage.render(
                detail: detail, captionRequested: showText, session: session, twoPersonRule: configuration.twoPersonRule))
        }
    }

    private func queuePage(_ request: Request, context: ReviewRequestContext, path: String) throws -> Response {
        let session = try requireSession(context)
        var query: [String: String] = [:]
        for (name, value) in request.uri.queryParameters { query[String(name)] = String(value) }
        let queueRequest = QueueRequest(query: query)
        let queue = backend.queue
        var groups: ReviewPage<ReviewGroup>?
        var rows: ReviewPage<ReviewRow>?
        if let key = queueRequest.filter.group {
            groups = try queue.groups(filter: ReviewFilter(group: key), limit: 1)
        }
        switch queueRequest.view {
        case .groups where queueRequest.filter.group == nil:
            groups = try queue.groups(
                filter: queueRequest.filter, order: queueRequest.order, after: queueRequest.after, limit: Self.pageSize)
        default:
            rows = try queue.rows(
                filter: queueRequest.filter, order: queueRequest.order, after: queueRequest.after, limit: Self.pageSize)
        }
        return ReviewResponse.html(QueuePage.render(
            request: queueRequest, groups: rows == nil ? groups : nil, rows: rows, session: session,
            twoPersonRule: configuration.twoPersonRule, path: path, group: groups?.items.first))
    }
}
