import Hummingbird

/// Hummingbird's per-request context plus the reviewer's session, set by `SessionMiddleware`
/// before any route that shows or changes data runs.
public struct ReviewRequestContext: RequestContext {
    public var coreContext: CoreRequestContextStorage
    public var session: ReviewSession?

    public init(source: Source) {
        coreContext = .init(source: source)
        session = nil
    }

    /// Forms are small: a decision, a note, a password.
    public var maxUploadSize: Int { 64 * 1024 }
}
