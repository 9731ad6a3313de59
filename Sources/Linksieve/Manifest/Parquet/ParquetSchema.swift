/// The flat column layout of a Parquet file: the root's name and one leaf per column, in file order.
/// `ParquetWriter` writes it back exactly as `ParquetReader` found it.
public struct ParquetSchema: Equatable, Sendable {
    var root: ParquetSchemaElement
    public let fields: [ParquetField]

    /// A schema named `rootName` (pyarrow calls it "schema") over `fields`.
    public init(rootName: String = "schema", fields: [ParquetField]) {
        var root = ParquetSchemaElement(name: rootName)
        root.numChildren = Int32(fields.count)
        root.repetition = ParquetRepetition.required.rawValue
        self.root = root
        self.fields = fields
    }

    init(root: ParquetSchemaElement, fields: [ParquetField]) {
        self.root = root
        self.fields = fields
    }

    public var rootName: String { root.name }

    public func index(of column: String) -> Int? { fields.firstIndex { $0.name == column } }

    var elements: [ParquetSchemaElement] { [root] + fields.map(\.element) }

    /// Builds the schema from the footer's flattened tree, refusing nested layouts with the
    /// name of the first nested column.
    static func flat(from elements: [ParquetSchemaElement]) throws(ParquetFormatError) -> ParquetSchema {
        guard let root = elements.first else { throw ParquetFormatError("footer schema is empty") }
        var fields = [ParquetField]()
        var index = 1
        while index < elements.count {
            let element = elements[index]
            if let children = element.numChildren, children > 0 {
                throw ParquetFormatError(
                    "column \"\(element.name)\" is nested (a list or struct); only flat columns are supported",
                    kind: .unsupported)
            }
            if element.repetition == ParquetRepetition.repeated.rawValue {
                throw ParquetFormatError(
                    "column \"\(element.name)\" is repeated (repetition levels > 0); only flat columns are supported",
                    kind: .unsupported)
            }
            guard let raw = element.type, let type = ParquetPhysicalType(rawValue: raw) else {
                throw ParquetFormatError("column \"\(element.name)\" has no valid physical type")
            }
            if type == .fixedLenByteArray, (element.typeLength ?? 0) <= 0 {
                throw ParquetFormatError("column \"\(element.name)\" is FIXED_LEN_BYTE_ARRAY without a positive length")
            }
            fields.append(ParquetField(element: element))
            index += 1
        }
        guard root.numChildren.map(Int.init) == fields.count else {
            throw ParquetFormatError(
                "schema root says \(root.numChildren.map(String.init) ?? "no") children but \(fields.count) follow")
        }
        return ParquetSchema(root: root, fields: fields)
    }
}
