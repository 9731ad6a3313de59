import Linksieve

/// The frame around every page: our own stylesheet and script (no other origin is ever named),
/// the signed-in reviewer, navigation and the keyboard legend.
enum PageLayout {
    static func render(title: String, session: ReviewSession?, twoPersonRule: Bool = false, body: String) -> String {
        var header = ""
        if let session {
            header = """
                <header><nav><a href="/">Queue</a> <a href="/audit">Audit log</a></nav>\
                <span class="who">Reviewer: <strong>\(HTMLText.escape(session.reviewer))</strong>\
                \(twoPersonRule ? " · <span class=\"rule\">Two-person rule: a false positive needs a second, different reviewer</span>" : "")</span>\
                <form method="post" action="/logout" class="inline"><input type="hidden" name="csrf" value="\(session.csrfToken)">\
                <button type="submit">Sign out</button></form></header>
                """
        }
        return """
            <!DOCTYPE html>
            <html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width">
            <title>\(HTMLText.escape(title)) · linksieve review</title>
            <link rel="stylesheet" href="/assets/review.css"><script src="/assets/review.js" defer></script></head>
            <body>\(header)<main>\(body)</main></body></html>
            """
    }
}
