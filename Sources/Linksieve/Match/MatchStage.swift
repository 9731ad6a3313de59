/// The pipeline stage at which a row was matched: its URL, its fetched bytes, or its decoded pixels.
public enum MatchStage: String, Sendable, Codable {
    case url
    case bytes
    case pixels
}
