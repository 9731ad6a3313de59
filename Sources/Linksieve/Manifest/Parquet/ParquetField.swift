/// A leaf column of a flat Parquet schema: name, physical type, nullability and type annotations.
public struct ParquetField: Equatable, Sendable {
    var element: ParquetSchemaElement

    init(element: ParquetSchemaElement) { self.element = element }

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
        self.element = element
    }

    public var name: String { element.name }

    // `ParquetSchema.flat(from:)` admits only leaves with a valid type.
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
