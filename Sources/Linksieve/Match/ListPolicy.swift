import Foundation

/// How each list is used in a run (`--list-policy FILE`): its PDQ threshold and minimum quality, a
/// category that overrides its entries', its role (block, flag, negative) and a flood limit. A JSON file:
///
///     {"lists": {"ncmec": {"pdq_threshold": 48, "min_quality": 70, "category": "csam", "flood_limit": 1000},
///                "allow.csv": {"role": "negative"}}}
///
/// Lists are named as the summary names them. The file's SHA-256 is recorded in the summary and the
/// state, so a resume with another policy is refused like one with other lists.
public struct ListPolicy: Sendable, Equatable {
    /// The settings of one list; nil where the run's default applies.
    public struct Rule: Sendable, Equatable {
        public var pdqThreshold: Int?
        public var minQuality: Int?
        public var category: String?
        public var role: ListRole = .block
        public var floodLimit: Int?

        public init(
            pdqThreshold: Int? = nil, minQuality: Int? = nil, category: String? = nil, role: ListRole = .block,
            floodLimit: Int? = nil
        ) {
            self.pdqThreshold = pdqThreshold
            self.minQuality = minQuality
            self.category = category
            self.role = role
            self.floodLimit = floodLimit
        }
    }

    public let rules: [String: Rule]
    /// SHA-256 of the policy file's bytes; nil for no policy.
    public let sha256: String?

    /// No policy: every list blocks with the run's thresholds.
    public static let none = ListPolicy(rules: [:], sha256: nil)

    public init(rules: [String: Rule], sha256: String?) {
        self.rules = rules
        self.sha256 = sha256
    }

    public func rule(for list: String) -> Rule { rules[list] ?? Rule() }

    /// The flood limits the policy sets for `lists`, by list name.
    public func floodLimits(for lists: [HashList]) -> [String: Int] {
        var limits: [String: Int] = [:]
        for list in lists { limits[list.name] = rule(for: list.name).floodLimit }
        return limits
    }

    private static let keys: Set = ["pdq_threshold", "min_quality", "category", "role", "flood_limit"]

    /// Reads a policy file. Every setting is checked: unknown names, wrong types and values out of range
    /// are errors naming the list and the setting.
    public static func load(path: String) throws(ListPolicyError) -> ListPolicy {
        guard let data = FileManager.default.contents(atPath: path) else {
            throw ListPolicyError(path: path, message: "cannot read the policy file")
        }
        let root: Any
        do {
            root = try JSONSerialization.jsonObject(with: data)
        } catch {
            throw ListPolicyError(path: path, message: "not valid JSON (\((error as NSError).userInfo[NSDebugDescriptionErrorKey] ?? error))")
        }
        guard let top = root as? [String: Any], let lists = top["lists"] as? [String: Any] else {
            throw ListPolicyError(path: path, message: "a policy is a JSON object with a \"lists\" object naming each list")
        }
        if let other = top.keys.first(where: { $0 != "lists" }) {
            throw ListPolicyError(path: path, message: "unknown setting \"\(other)\" (only \"lists\" is known)")
        }
        var rules: [String: Rule] = [:]
        for (name, value) in lists {
            guard let settings = value as? [String: Any] else {
                throw ListPolicyError(path: path, message: "lists.\(name) is not an object")
            }
            if let unknown = settings.keys.sorted().first(where: { !keys.contains($0) }) {
                throw ListPolicyError(
                    path: path, message: "lists.\(name): unknown setting \"\(unknown)\" (known: \(keys.sorted().joined(separator: ", ")))")
            }
            func integer(_ key: String, _ range: ClosedRange<Int>) throws(ListPolicyError) -> Int? {
                guard let raw = settings[key] else { return nil }
                // JSON true/false also reads as an NSNumber; its type code "c" tells it apart.
                guard let number = raw as? NSNumber, String(cString: number.objCType) != "c",
                      let value = Int(exactly: number.doubleValue), range.contains(value)
                else {
                    throw ListPolicyError(path: path, message: "lists.\(name).\(key) must be a whole number \(range.lowerBound)…\(range.upperBound)")
                }
                return value
            }
            var rule = Rule()
            rule.pdqThreshold = try integer("pdq_threshold", 0...256)
            rule.minQuality = try integer("min_quality", 0...100)
            rule.floodLimit = try integer("flood_limit", 1...Int(Int32.max))
            if let category = settings["category"] {
                guard let text = category as? String, !text.isEmpty else {
                    throw ListPolicyError(path: path, message: "lists.\(name).category must be a non-empty string")
                }
                rule.category = text
            }
            if let role = settings["role"] {
                guard let text = role as? String, let parsed = ListRole(rawValue: text) else {
                    throw ListPolicyError(
                        path: path, message: "lists.\(name).role must be one of \(ListRole.allCases.map(\.rawValue).joined(separator: ", "))")
                }
                rule.role = parsed
            }
            rules[name] = rule
        }
        return ListPolicy(rules: rules, sha256: SHA256Hex.of([UInt8](data)))
    }

    /// The policy at `path` checked against the loaded lists, or no policy when `path` is nil.
    public static func load(path: String?, for lists: [HashList]) throws(ListPolicyError) -> ListPolicy {
        guard let path else { return .none }
        let policy = try load(path: path)
        try policy.check(against: lists, path: path)
        return policy
    }

    /// Refuses a policy naming a list that is not loaded: a misspelt name would silently apply nothing.
    public func check(against lists: [HashList], path: String) throws(ListPolicyError) {
        let names = Set(lists.map(\.name))
        if let unknown = rules.keys.sorted().first(where: { !names.contains($0) }) {
            throw ListPolicyError(
                path: path,
                message: "the policy names the list \"\(unknown)\", which is not loaded (lists: \(names.sorted().joined(separator: ", ")))")
        }
    }

    /// The effective settings of one list, for `lists check` and the summary.
    public func json(for list: String, pdqThreshold: Int, pdqMinQuality: Int) -> JSONValue {
        let rule = rule(for: list)
        return .object([
            ("role", .string(rule.role.rawValue)),
            ("pdq_threshold", .int(rule.pdqThreshold ?? pdqThreshold)),
            ("min_quality", .int(rule.minQuality ?? pdqMinQuality)),
            ("category", .of(rule.category)),
            ("flood_limit", .of(rule.floodLimit)),
        ])
    }
}
