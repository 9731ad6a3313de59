/// Why a redirect target was not requested: it is on a URL list (`matches`, at stage `redirect`),
/// or the URL stage cannot read it (`problem`), in which case nothing could be matched against it.
public struct RedirectRefusal: Sendable, Equatable {
    /// The target in its canonical form, or as libcurl spelled it when it has none.
    public let target: String
    public let matches: [Match]
    public let problem: URLProblem?

    public init(target: String, matches: [Match], problem: URLProblem? = nil) {
        self.target = target
        self.matches = matches
        self.problem = problem
    }
}
