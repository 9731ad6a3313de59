/// A length of time written as a user writes it on a command line: `30d`, `12h`, `90m`, `45s`
/// (or a bare number of seconds).
public struct TimeSpan: Sendable, Equatable {
    public let seconds: Double

    public init?(_ text: String) {
        let units: [Character: Double] = ["s": 1, "m": 60, "h": 3600, "d": 86_400, "w": 604_800]
        var number = Substring(text)
        var scale = 1.0
        if let last = text.last, let unit = units[last] {
            scale = unit
            number = number.dropLast()
        }
        guard let value = Double(number), value >= 0, value.isFinite else { return nil }
        guard (value * scale).isFinite else { return nil }
        seconds = value * scale
    }
}
