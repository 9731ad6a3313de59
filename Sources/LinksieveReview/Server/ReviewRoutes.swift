import Foundation
import Hummingbird
import Linksieve

/// The review app's URLs: sign-in and sign-out, the queue, a group, a match, decisions, the audit
/// log and the two assets. Every handler but sign-in and the assets runs behind `SessionMiddleware`.
struct ReviewRoutes {
    let backend: ReviewBackend
    let sessions: SessionStore
    let origins: AllowedOrigins
    let configuration: ReviewConfiguration

    func build() -> Router<ReviewRequestContext> {
        let router = Router(context: ReviewRequestContext.self)
        router.add(middleware: SecurityHeadersMiddleware())
        router.add(middleware: SessionMiddleware(sessions: sessions, origins: origins))
        router.get("/assets/review.css") { _, _ in asset(ReviewAssets.stylesheet, type: "text/css; charset=utf-8") }
        router.get("/assets/review.js") { _, _ in asset(ReviewAssets.script, type: "text/javascript; charset=utf-8") }
        // Browsers ask for it on every page; an empty answer keeps their consoles free of 404s.
        router.get("/favicon.ico") { _, _ in Response(status: .noContent) }
        router.get("/login") { request, _ in signInWithToken(request) }
        router.post("/login") { request, context in try await signInWithAccount(request, context: context) }
        router.post("/logout") { request, context in
            let (_, session) = try await ReviewForm.read(request, context: context, origins: origins)
            sessions.signOut(id: session.id)
            return ReviewResponse.redirect(to: "/login", cookie: expiredCookie())
        }
        router.get("/audit") { _, context in
            let session = try requireSession(context)
            let (decisions, verification) = try await backend.audit()
            return ReviewResponse.html(AuditPage.render(
                decisions: decisions, verification: verification, session: session, twoPersonRule: configuration.twoPersonRule))
        }
        router.post("/decide") { request, context in try await decide(request, context: context) }
        addQueueRoutes(to: router)
        return router
    }

    func requireSession(_ context: ReviewRequestContext) throws -> ReviewSession {
        guard let session = context.session else { throw HTTPError(.unauthorized, message: "Sign in first.") }
        return session
    }

    private func asset(_ text: String, type: String) -> Response {
        var response = ReviewResponse.html(text)
        response.headers[.contentType] = type
        response.headers[.cacheControl] = "private, max-age=300"
        return response
    }

    private func sessionCookie(_ session: ReviewSession) -> Cookie {
        Cookie(
            name: SessionMiddleware.cookieName, value: session.id, maxAge: Int(configuration.sessionPolicy.absoluteTimeout),
            path: "/", secure: false, httpOnly: true, sameSite: .strict)
    }

    private func expiredCookie() -> Cookie {
        Cookie(name: SessionMiddleware.cookieName, value: "", maxAge: 0, path: "/", httpOnly: true, sameSite: .strict)
    }

    /// `/login?token=…`: the one-time URL opens a session for `--reviewer` and is used up.
    private func signInWithToken(_ request: Request) -> Response {
        guard let token = request.uri.queryParameters.get("token") else {
            return ReviewResponse.html(LoginPage.render(error: nil, accountsEnabled: configuration.accounts != nil))
        }
        guard let reviewer = configuration.tokenReviewer, let session = sessions.signIn(token: token, reviewer: reviewer) else {
            return ReviewResponse.html(
                LoginPage.render(error: "That sign-in URL is wrong or was already used.", accountsEnabled: configuration.accounts != nil),
                status: .forbidden)
        }
        return ReviewResponse.redirect(to: "/", cookie: sessionCookie(session))
    }

    private func signInWithAccount(_ request: Request, context: ReviewRequestContext) async throws -> Response {
        guard let accounts = configuration.accounts else { throw HTTPError(.notFound) }
        let buffer = try await request.body.collect(upTo: context.maxUploadSize)
        let form = ReviewForm.parse(String(buffer: buffer))
        guard let name = accounts.authenticate(name: form["name"] ?? "", password: form["password"] ?? "") else {
            return ReviewResponse.html(LoginPage.render(error: "Wrong name or password.", accountsEnabled: true), status: .forbidden)
        }
        return ReviewResponse.redirect(to: "/", cookie: sessionCookie(sessions.signIn(account: name)))
    }

    /// A decision on one row (`row`) or an entry group (`list`, `algorithm`, `entry`), then back to
    /// the page it was made on.
    private func decide(_ request: Request, context: ReviewRequestContext) async throws -> Response {
        let (form, session) = try await ReviewForm.read(request, context: context, origins: origins)
        guard let kind = DecisionKind(rawValue: form["decision"] ?? "") else {
            throw HTTPError(.badRequest, message: "decision must be confirmed, false-positive or escalate")
        }
        let target: DecisionTarget
        if let row = form["row"].flatMap({ Int($0) }) {
            target = .row(row)
        } else if let list = form["list"], let algorithm = form["algorithm"], let entry = form["entry"], !entry.isEmpty {
            target = .entry(list: list, algorithm: algorithm, entry: entry)
        } else {
            throw HTTPError(.badRequest, message: "a decision needs a row or a list entry")
        }
        do {
            _ = try await backend.decide(reviewer: session.reviewer, kind: kind, target: target, note: form["note"])
        } catch let error as DecisionError {
            throw HTTPError(.badRequest, message: "\(error)")
        }
        let back = form["back"].flatMap { $0.hasPrefix("/") && !$0.hasPrefix("//") ? $0 : nil } ?? "/"
        return ReviewResponse.redirect(to: back)
    }
}
