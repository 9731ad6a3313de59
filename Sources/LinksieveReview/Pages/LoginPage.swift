import Linksieve

/// Sign-in with a reviewer account (when the server was started with `--reviewers`). Sign-in
/// with the one-time URL needs no page: the link itself opens the session.
enum LoginPage {
    static func render(error: String?, accountsEnabled: Bool) -> String {
        guard accountsEnabled else {
            return PageLayout.render(title: "Sign in", session: nil, body: """
                <h1>Sign in</h1><p>Open the one-time URL that <code>linksieve review</code> printed when it started. \
                A URL works once; restart the server for a new one.</p>
                \(error.map { "<p class=\"error\">\(HTMLText.escape($0))</p>" } ?? "")
                """)
        }
        return PageLayout.render(title: "Sign in", session: nil, body: """
            <h1>Sign in</h1>\(error.map { "<p class=\"error\">\(HTMLText.escape($0))</p>" } ?? "")
            <form method="post" action="/login" class="decide">
            <p><label>Reviewer <input name="name" autocomplete="username" required></label></p>
            <p><label>Password <input name="password" type="password" autocomplete="current-password" required></label></p>
            <p><button type="submit">Sign in</button></p></form>
            """)
    }
}
