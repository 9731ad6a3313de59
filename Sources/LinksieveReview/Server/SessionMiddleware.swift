import Hummingbird

/// Lets a request through only with a live session cookie (pages say to sign in, API calls get
/// 401), refuses a Host header that is not this server's (DNS rebinding), and refuses any
/// cross-site POST before a handler sees it; the form token is checked by `ReviewForm`. The
/// sign-in page, the static assets and the (empty) favicon are the only paths open without a session.
struct SessionMiddleware: RouterMiddleware {
    static let cookieName = "linksieve_review"
    let sessions: SessionStore
    let origins: AllowedOrigins

    static func isOpen(path: String) -> Bool {
        path == "/login" || path == "/favicon.ico" || path.hasPrefix("/assets/")
    }

    func handle(
        _ request: Request, context: ReviewRequestContext, next: (Request, ReviewRequestContext) async throws -> Response
    ) async throws -> Response {
        guard origins.allows(hostHeader: request.head.authority) else {
            throw HTTPError(.badRequest, message: "This server does not answer for that host name.")
        }
        if request.method == .post {
            do {
                try CSRFCheck(allowedOrigins: origins.current)
                    .checkSource(secFetchSite: request.headers[.secFetchSite], origin: request.headers[.origin])
            } catch {
                throw HTTPError(.forbidden, message: error.description)
            }
        }
        var context = context
        if let id = request.cookies[Self.cookieName]?.value { context.session = sessions.session(id: id) }
        if Self.isOpen(path: request.uri.path) { return try await next(request, context) }
        guard context.session != nil else {
            if request.method == .get, !request.uri.path.hasPrefix("/api/") { return ReviewResponse.signInRequired() }
            throw HTTPError(.unauthorized, message: "Sign in first.")
        }
        return try await next(request, context)
    }
}
