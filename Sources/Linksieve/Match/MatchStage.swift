/// The pipeline stage at which a row was matched: its URL, a URL it redirected to (never
/// requested), its fetched bytes, or its decoded pixels.
public enum MatchStage: String, Sendable, Codable {
    case url
    case redirect
    case bytes
    case pixels
}
