import ArgumentParser
import Linksieve

/// Parses every numeric option of every command, refusing at parse time (exit 64, naming the option)
/// a value outside the range the option accepts: `inf`, `nan`, `1e300` or a negative count never
/// reaches the library, where converting it to an integer would stop the process.
enum NumericOption {
    /// A whole number within `range`, for counts and sizes.
    static func integer(_ name: String, _ range: ClosedRange<Int>) -> @Sendable (String) throws -> Int {
        { text in
            guard let value = Int(text), range.contains(value) else {
                throw ValidationError("\(name) takes a whole number from \(range.lowerBound) to \(range.upperBound), not '\(TerminalText.escaped(text))'")
            }
            return value
        }
    }

    /// A finite number of seconds within `range`, for timeouts and delays.
    static func seconds(_ name: String, _ range: ClosedRange<Double>) -> @Sendable (String) throws -> Double {
        { text in
            guard let value = Double(text), value.isFinite, range.contains(value) else {
                throw ValidationError(
                    "\(name) takes a number of seconds from \(shortest(range.lowerBound)) to \(shortest(range.upperBound)), not '\(TerminalText.escaped(text))'")
            }
            return value
        }
    }

    /// `60` rather than `60.0` in messages.
    private static func shortest(_ value: Double) -> String {
        value == value.rounded() ? String(Int(value)) : String(value)
    }
}
