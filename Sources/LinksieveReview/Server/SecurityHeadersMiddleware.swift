import HTTPTypes
import Hummingbird

/// Headers on every response: a Content-Security-Policy that allows only this server's own script,
/// style, images and form targets and no framing, no MIME sniffing, no Referer (URLs of matched
/// content must not leak), and no caching of anything (pages carry sensitive data).
struct SecurityHeadersMiddleware<Context: RequestContext>: RouterMiddleware {
    static var contentSecurityPolicy: String {
        "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self'; form-action 'self'; "
            + "frame-ancestors 'none'; base-uri 'none'; connect-src 'self'"
    }

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        var response: Response
        do {
            response = try await next(request, context)
        } catch let error as HTTPError {
            response = ReviewResponse.error(error.status, error.body ?? error.status.reasonPhrase)
        }
        response.headers[.contentSecurityPolicy] = Self.contentSecurityPolicy
        response.headers[.xContentTypeOptions] = "nosniff"
        response.headers[.referrerPolicyHeader] = "no-referrer"
        response.headers[.xFrameOptions] = "DENY"
        response.headers[.crossOriginOpenerPolicy] = "same-origin"
        if response.headers[.cacheControl] == nil { response.headers[.cacheControl] = "no-store" }
        return response
    }
}

extension HTTPField.Name {
    static var xFrameOptions: Self { Self("X-Frame-Options")! }
    static var referrerPolicyHeader: Self { Self("Referrer-Policy")! }
    static var crossOriginOpenerPolicy: Self { Self("Cross-Origin-Opener-Policy")! }
    static var secFetchSite: Self { Self("Sec-Fetch-Site")! }
}
