/// A leaf column of a Parquet schema: name, physical type, nullability and type annotations, and
/// for a leaf inside a list, struct or map its path and level bounds, which say how its
/// repetition and definition levels are to be read.
public struct ParquetField: Equatable, Sendable {
    var element: ParquetSchemaElement
    /// Names from the top-level column down to the leaf; one name for a flat column.
    public let path: [String]
    /// The definition level of a present value: one per optional or repeated node on the path.
    public let maxDefinitionLevel: Int
    /// The repetition level bound: one per repeated node on the path; 0 outside lists and maps.
    public let maxRepetitionLevel: Int

    /// A top-level leaf.
    init(element: ParquetSchemaElement) {
        self.init(
            element: element, path: [element.name],
            maxDefinitionLevel: element.repetition == ParquetRepetition.required.rawValue ? 0 : 1,
            maxRepetitionLevel: element.repetition == ParquetRepetition.repeated.rawValue ? 1 : 0)
    }

    init(element: ParquetSchemaElement, path: [String], maxDefinitionLevel: Int, maxRepetitionLevel: Int) {
        self.element = element
        self.path = path
        self.maxDefinitionLevel = maxDefinitionLevel
        self.maxRepetitionLevel = maxRepetitionLevel
    }

    /// A new column; `isString` marks a BYTE_ARRAY as UTF-8 text (the STRING logical type).
    public init(
        name: String, physicalType: ParquetPhysicalType, repetition: ParquetRepetition,
        isString: Bool = false, typeLength: Int? = nil
    ) {
        var element = ParquetSchemaElement(name: name)
        element.type = physicalType.rawValue
        element.repetition = repetition.rawValue
        element.typeLength = typeLength.map { Int32(clamping: $0) }
        if isString {
            element.convertedType = 0
            // LogicalType { 1: STRING {} }
            element.logicalType = [0x1c, 0x00, 0x00]
        }
        self.init(element: element)
    }

    /// The leaf's path joined by dots ("tags.list.element"); the column's own name when flat.
    public var name: String { path.joined(separator: ".") }

    /// A leaf inside a list, struct or map (or a repeated top-level leaf): its values come with
    /// repetition and definition levels rather than one slot per row.
    public var isNested: Bool { path.count > 1 || maxRepetitionLevel > 0 }

    // `ParquetSchema.parse(from:)` admits only leaves with a valid type.
    public var physicalType: ParquetPhysicalType { ParquetPhysicalType(rawValue: element.type ?? 0) ?? .boolean }

    public var repetition: ParquetRepetition {
        element.repetition.flatMap(ParquetRepetition.init(rawValue:)) ?? .required
    }

    public var isNullable: Bool { repetition == .optional }

    /// Byte width of a FIXED_LEN_BYTE_ARRAY value (12 for INT96), nil otherwise.
    public var typeLength: Int? {
        switch physicalType {
        case .fixedLenByteArray: return element.typeLength.map(Int.init)
        case .int96: return 12
        default: return nil
        }
    }

    /// True when the column holds UTF-8 text: converted type UTF8 or logical type STRING.
    public var isString: Bool {
        if element.convertedType == 0 { return true }
        // Field 1 of the LogicalType union is STRING; its header byte is 0x1c.
        return element.logicalType?.first == 0x1c
    }
}
