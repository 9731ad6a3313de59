/// Decides whether a state-changing request (a POST) comes from one of our own pages.
///
/// Two independent checks, both required: the browser's own statement of where the request comes
/// from (`Sec-Fetch-Site`, else `Origin`) must be this server, and the form must carry the session's
/// CSRF token, which a page of another site cannot read. SameSite=Strict cookies are a third layer.
public struct CSRFCheck: Sendable {
    /// The origins our pages are served from, such as `http://127.0.0.1:8765`.
    public var allowedOrigins: Set<String>

    public init(allowedOrigins: Set<String>) {
        self.allowedOrigins = allowedOrigins
    }

    public enum Refusal: Error, Equatable, CustomStringConvertible {
        case crossSite(String)
        case badToken

        public var description: String {
            switch self {
            case .crossSite(let from): return "cross-site request refused (\(from))"
            case .badToken: return "form token missing or wrong; reload the page"
            }
        }
    }

    /// Throws unless the request is same-origin and carries `session`'s token.
    public func check(secFetchSite: String?, origin: String?, formToken: String?, session: ReviewSession) throws(Refusal) {
        try checkSource(secFetchSite: secFetchSite, origin: origin)
        guard let formToken, RandomToken.equal(formToken, session.csrfToken) else { throw .badToken }
    }

    /// Throws unless the browser says the request comes from one of our own pages. A request with
    /// neither header is refused too: every browser this app supports sends at least one on a POST.
    /// `Origin: null` (what Chromium sends under `Referrer-Policy: no-referrer`) counts as absent,
    /// so such a request passes only on `Sec-Fetch-Site: same-origin`.
    public func checkSource(secFetchSite: String?, origin: String?) throws(Refusal) {
        let origin = origin == "null" ? nil : origin
        if let site = secFetchSite?.lowercased(), site != "same-origin" {
            throw .crossSite("Sec-Fetch-Site: \(site)")
        }
        if let origin, !allowedOrigins.contains(origin) {
            throw .crossSite("Origin: \(origin)")
        }
        if secFetchSite == nil && origin == nil {
            throw .crossSite("no Origin or Sec-Fetch-Site header")
        }
    }
}
