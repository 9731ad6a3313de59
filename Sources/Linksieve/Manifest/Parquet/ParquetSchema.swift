/// The column layout of a Parquet file: the footer's schema tree, kept whole so `ParquetWriter`
/// writes it back exactly as `ParquetReader` found it, and its leaves in file order (one column
/// chunk each). A flat column is one leaf; a list, struct or map is a group with several.
public struct ParquetSchema: Equatable, Sendable {
    /// Every node in the footer's depth-first order, root first.
    let elements: [ParquetSchemaElement]
    public let fields: [ParquetField]

    /// Nesting deeper than this is refused: levels are kept in bytes, and no writer nests so deep.
    static let maxLevel = 255

    /// A flat schema named `rootName` (pyarrow calls it "schema") over `fields`.
    public init(rootName: String = "schema", fields: [ParquetField]) {
        var root = ParquetSchemaElement(name: rootName)
        root.numChildren = Int32(fields.count)
        root.repetition = ParquetRepetition.required.rawValue
        self.elements = [root] + fields.map(\.element)
        self.fields = fields
    }

    init(elements: [ParquetSchemaElement], fields: [ParquetField]) {
        self.elements = elements
        self.fields = fields
    }

    public var rootName: String { elements[0].name }

    /// The names of the top-level columns, flat or nested, in file order.
    public var columnNames: [String] {
        var names = [String]()
        for field in fields where names.last != field.path[0] { names.append(field.path[0]) }
        return names
    }

    public func index(of column: String) -> Int? { fields.firstIndex { $0.name == column } }

    /// Whether `column` (a top-level name or a dotted leaf path) is or lies inside a list, struct or map.
    public func isNested(_ column: String) -> Bool {
        fields.contains { $0.isNested && ($0.path[0] == column || $0.name == column || $0.name.hasPrefix(column + ".")) }
    }

    /// Builds the schema from the footer's flattened tree, working out each leaf's path and level bounds.
    static func parse(from elements: [ParquetSchemaElement]) throws(ParquetFormatError) -> ParquetSchema {
        guard let root = elements.first else { throw ParquetFormatError("footer schema is empty") }
        var fields = [ParquetField]()
        var index = 1
        let children = Int(root.numChildren ?? 0)
        for _ in 0..<max(0, children) {
            try parseNode(elements, at: &index, path: [], definition: 0, repetition: 0, into: &fields)
        }
        guard children >= 0, index == elements.count else {
            throw ParquetFormatError(
                "schema root says \(root.numChildren.map(String.init) ?? "no") children but \(elements.count - 1) nodes follow"
                    + " where \(index - 1) belong to them")
        }
        return ParquetSchema(elements: elements, fields: fields)
    }

    private static func parseNode(
        _ elements: [ParquetSchemaElement], at index: inout Int, path: [String], definition: Int, repetition: Int,
        into fields: inout [ParquetField]
    ) throws(ParquetFormatError) {
        guard index < elements.count else {
            throw ParquetFormatError("schema tree ends inside \"\(path.joined(separator: "."))\"")
        }
        let element = elements[index]
        index += 1
        let path = path + [element.name]
        let name = path.joined(separator: ".")
        var definition = definition
        var repetition = repetition
        switch element.repetition.flatMap(ParquetRepetition.init(rawValue:)) {
        case .optional: definition += 1
        case .repeated:
            definition += 1
            repetition += 1
        case .required, nil: break
        }
        guard definition <= maxLevel, path.count <= maxLevel else {
            throw ParquetFormatError("column \"\(name)\" is nested deeper than \(maxLevel) levels", kind: .unsupported)
        }
        if let children = element.numChildren, children > 0 || element.type == nil {
            guard children > 0 else { throw ParquetFormatError("column \"\(name)\" is a group without children") }
            for _ in 0..<children {
                try parseNode(elements, at: &index, path: path, definition: definition, repetition: repetition, into: &fields)
            }
            return
        }
        guard let raw = element.type, let type = ParquetPhysicalType(rawValue: raw) else {
            throw ParquetFormatError("column \"\(name)\" has no valid physical type")
        }
        if type == .fixedLenByteArray, (element.typeLength ?? 0) <= 0 {
            throw ParquetFormatError("column \"\(name)\" is FIXED_LEN_BYTE_ARRAY without a positive length")
        }
        fields.append(
            ParquetField(element: element, path: path, maxDefinitionLevel: definition, maxRepetitionLevel: repetition))
    }
}
