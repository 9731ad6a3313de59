import Linksieve

/// The decision form on the queue, group and match pages. The keyboard script fills in the
/// selected item (row, or list + algorithm + entry for a group) and the decision; the buttons
/// work without it.
enum DecisionForm {
    /// `id`: `decide-form` for the form the keys drive (one per page); another for a fixed target.
    static func render(
        session: ReviewSession, back: String, row: Int? = nil, group: ReviewGroupKey? = nil, scope: String,
        id: String = "decide-form"
    ) -> String {
        """
        <form method="post" action="/decide" id="\(id)" class="decide">
        <input type="hidden" name="csrf" value="\(session.csrfToken)">
        <input type="hidden" name="back" value="\(HTMLText.escape(back))">
        <input type="hidden" name="decision" id="decide-kind" value="">
        <input type="hidden" name="row" value="\(row.map(String.init) ?? "")">
        <input type="hidden" name="list" value="\(HTMLText.escape(group?.list ?? ""))">
        <input type="hidden" name="algorithm" value="\(HTMLText.escape(group?.algorithm ?? ""))">
        <input type="hidden" name="entry" value="\(HTMLText.escape(group?.entry ?? ""))">
        <p><strong>Decide on <span id="decide-scope">\(HTMLText.escape(scope))</span></strong></p>
        <label>Note (optional) <textarea name="note" id="decide-note" maxlength="2000"></textarea></label>
        <p><button type="submit" name="decision" value="confirmed">Confirm (c)</button>
        <button type="submit" name="decision" value="false-positive">False positive (f)</button>
        <button type="submit" name="decision" value="escalate">Escalate (e)</button></p>
        </form>
        """
    }

    static let keys = """
        <p class="keys">Keys: <kbd>j</kbd>/<kbd>k</kbd> move · <kbd>Enter</kbd> open · <kbd>c</kbd> confirm · \
        <kbd>f</kbd> false positive · <kbd>e</kbd> escalate · <kbd>n</kbd> note (then <kbd>Esc</kbd>)</p>
        """
}
