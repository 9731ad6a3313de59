/// A row's caption, which the review UI shows only on request ("show text"). The state database
/// stores no captions; they are read from the row of the manifest the state is bound to, from its
/// caption column (`caption`, `TEXT`, `text`, `alt` or `title`, in that order).
public enum ReviewCaption: Sendable, Equatable {
    case text(String)
    /// Why there is none: no manifest bound, the manifest moved or changed, no caption column.
    case unavailable(String)
}
