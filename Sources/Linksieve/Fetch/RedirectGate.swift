/// The URL stage's say over redirects. libcurl follows redirects itself; before it resolves,
/// connects for or sends any request to a redirect target, the transfer hands the target to this
/// gate, and a target the gate refuses is never requested. A scan passes a gate that matches the
/// target against the URL lists (`MatchPolicy.redirectGate`); the default lets every target through.
public struct RedirectGate: Sendable {
    private let check: @Sendable (String) -> RedirectRefusal?

    /// `check` gets the redirect target as libcurl would request it and returns why it must not
    /// be requested, or nil to let it through.
    public init(_ check: @escaping @Sendable (String) -> RedirectRefusal?) {
        self.check = check
    }

    /// Lets every redirect target through (the address and scheme checks still apply).
    public static let open = RedirectGate { _ in nil }

    func refusal(of target: String) -> RedirectRefusal? { check(target) }
}
