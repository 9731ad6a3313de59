import Foundation
import Testing

/// Reads a JSON Lines output (quarantine.jsonl, changes.jsonl, …) as one object per line.
func jsonLines(_ path: String) throws -> [[String: Any]] {
    try String(contentsOfFile: path, encoding: .utf8).split(separator: "\n").map {
        try #require(try JSONSerialization.jsonObject(with: Data($0.utf8)) as? [String: Any])
    }
}
