import Hummingbird
import Linksieve

/// The few kinds of response the review app sends: an HTML page, a redirect after a form, an
/// error page, and the sign-in prompt.
enum ReviewResponse {
    static func html(_ page: String, status: HTTPResponse.Status = .ok) -> Response {
        var buffer = ByteBuffer()
        buffer.writeString(page)
        var headers = HTTPFields()
        headers[.contentType] = "text/html; charset=utf-8"
        return Response(status: status, headers: headers, body: .init(byteBuffer: buffer))
    }

    /// 303 See Other: the browser GETs `location` after a POST.
    static func redirect(to location: String, cookie: Cookie? = nil) -> Response {
        var response = Response(status: .seeOther)
        response.headers[.location] = location
        if let cookie { response.setCookie(cookie) }
        return response
    }

    static func error(_ status: HTTPResponse.Status, _ message: String) -> Response {
        html(PageLayout.render(title: "\(status.code) \(status.reasonPhrase)", session: nil, body: """
            <h1>\(status.code) \(HTMLText.escape(status.reasonPhrase))</h1><p class="error">\(HTMLText.escape(message))</p>
            <p><a href="/">Back to the queue</a></p>
            """), status: status)
    }

    static func signInRequired() -> Response {
        html(PageLayout.render(title: "Sign in", session: nil, body: """
            <h1>Sign in</h1><p>This page needs a session. Open the URL that <code>linksieve review</code> printed, \
            or <a href="/login">sign in with an account</a>.</p>
            """), status: .unauthorized)
    }
}
