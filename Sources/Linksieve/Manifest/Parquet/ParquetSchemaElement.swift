/// One node of the footer's flattened schema tree (Thrift `SchemaElement`), kept whole so a
/// rewritten file carries every annotation of the input, including ones this reader does not
/// interpret (the logical type is kept as its raw Thrift bytes).
struct ParquetSchemaElement: Equatable, Sendable {
    var type: Int32?
    var typeLength: Int32?
    var repetition: Int32?
    var name: String
    var numChildren: Int32?
    var convertedType: Int32?
    var scale: Int32?
    var precision: Int32?
    var fieldID: Int32?
    var logicalType: [UInt8]?

    init(name: String) { self.name = name }

    static func decode(_ d: inout ThriftCompactDecoder) throws(ParquetFormatError) -> ParquetSchemaElement {
        var element = ParquetSchemaElement(name: "")
        var sawName = false
        var lastID: Int16 = 0
        while let (id, type) = try d.readFieldHeader(lastID: &lastID) {
            switch id {
            case 1: element.type = try d.i32(type, field: "SchemaElement.type")
            case 2: element.typeLength = try d.i32(type, field: "SchemaElement.type_length")
            case 3: element.repetition = try d.i32(type, field: "SchemaElement.repetition_type")
            case 4:
                element.name = try d.string(type, field: "SchemaElement.name")
                sawName = true
            case 5: element.numChildren = try d.i32(type, field: "SchemaElement.num_children")
            case 6: element.convertedType = try d.i32(type, field: "SchemaElement.converted_type")
            case 7: element.scale = try d.i32(type, field: "SchemaElement.scale")
            case 8: element.precision = try d.i32(type, field: "SchemaElement.precision")
            case 9: element.fieldID = try d.i32(type, field: "SchemaElement.field_id")
            case 10: element.logicalType = try d.rawStruct(type, field: "SchemaElement.logicalType")
            default: try d.skip(type)
            }
        }
        guard sawName else { throw ParquetFormatError("schema element without a name") }
        return element
    }

    func encode(_ e: inout ThriftCompactEncoder) {
        e.writeStruct { e in
            if let type { e.field(1, i32: type) }
            if let typeLength { e.field(2, i32: typeLength) }
            if let repetition { e.field(3, i32: repetition) }
            e.field(4, string: name)
            if let numChildren { e.field(5, i32: numChildren) }
            if let convertedType { e.field(6, i32: convertedType) }
            if let scale { e.field(7, i32: scale) }
            if let precision { e.field(8, i32: precision) }
            if let fieldID { e.field(9, i32: fieldID) }
            if let logicalType { e.field(10, rawStruct: logicalType) }
        }
    }
}
