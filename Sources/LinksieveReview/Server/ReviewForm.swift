import Foundation
import Hummingbird

/// The fields of a posted `application/x-www-form-urlencoded` form, read only after the form's
/// CSRF token matched the session's.
struct ReviewForm {
    var fields: [String: String]

    subscript(_ name: String) -> String? { fields[name] }

    /// Parses `a=b&c=d` with `+` as space and percent-escapes decoded; later fields win.
    static func parse(_ body: String) -> ReviewForm {
        var fields: [String: String] = [:]
        for pair in body.split(separator: "&") {
            let parts = pair.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false)
            let decode = { (text: Substring) in
                String(text).replacingOccurrences(of: "+", with: " ").removingPercentEncoding ?? ""
            }
            fields[decode(parts[0])] = parts.count > 1 ? decode(parts[1]) : ""
        }
        return ReviewForm(fields: fields)
    }

    /// Reads the request's form and checks its `csrf` field against the session's token.
    static func read(_ request: Request, context: ReviewRequestContext, origins: AllowedOrigins) async throws -> (ReviewForm, ReviewSession) {
        guard let session = context.session else { throw HTTPError(.unauthorized, message: "Sign in first.") }
        let buffer = try await request.body.collect(upTo: context.maxUploadSize)
        let form = parse(String(buffer: buffer))
        do {
            try CSRFCheck(allowedOrigins: origins.current).check(
                secFetchSite: request.headers[.secFetchSite], origin: request.headers[.origin], formToken: form["csrf"],
                session: session)
        } catch {
            throw HTTPError(.forbidden, message: error.description)
        }
        return (form, session)
    }
}
