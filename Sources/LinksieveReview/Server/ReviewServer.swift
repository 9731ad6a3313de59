import Foundation
import Hummingbird
import Logging

/// `linksieve review`: serves the review app for one state until interrupted. Prints one URL
/// with a fresh one-time sign-in token (as Jupyter does) and opens nothing by itself.
public struct ReviewServer: Sendable {
    public var configuration: ReviewConfiguration

    public init(configuration: ReviewConfiguration) {
        self.configuration = configuration
    }

    /// Runs until SIGINT or SIGTERM. `announce` gets the lines to print once the port is bound:
    /// the sign-in URL (one-time token) or, with accounts only, the plain address.
    public func run(announce: @escaping @Sendable (String) -> Void) async throws {
        try configuration.validate()
        let statePath = configuration.stateDirectory + "/state.sqlite"
        guard FileManager.default.fileExists(atPath: statePath) else {
            throw ReviewStartError.noState(path: configuration.stateDirectory)
        }
        let token = configuration.tokenReviewer == nil ? nil : SessionStore.newLoginToken()
        let sessions = SessionStore(policy: configuration.sessionPolicy, loginToken: token)
        let origins = AllowedOrigins()
        let backend = try ReviewBackend(stateDirectory: configuration.stateDirectory)
        let router = ReviewRoutes(backend: backend, sessions: sessions, origins: origins, configuration: configuration).build()
        let host = configuration.host
        let reviewer = configuration.tokenReviewer
        let stateDirectory = configuration.stateDirectory
        var logger = Logger(label: "linksieve-review")
        logger.logLevel = .warning
        let app = Application(
            router: router,
            configuration: .init(address: .hostname(host, port: configuration.port), serverName: nil),
            onServerRunning: { channel in
                let port = channel.localAddress?.port ?? 0
                origins.serverBound(host: host, port: port)
                let shownHost = host.contains(":") ? "[\(host)]" : host
                if let token, let reviewer {
                    announce("Review \(stateDirectory) as \(reviewer): http://\(shownHost):\(port)/login?token=\(token)")
                } else {
                    announce("Review \(stateDirectory): http://\(shownHost):\(port)/login")
                }
            },
            logger: logger)
        try await app.runService()
    }
}
