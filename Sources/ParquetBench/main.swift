import Foundation
import Linksieve

/// Reads a Parquet file, drops every `drop-every`-th row and rewrites the rest with the input's
/// codec, as the cleansing pipeline does; prints the rows kept and the wall time.
let arguments = CommandLine.arguments
guard arguments.count == 4, let dropEvery = Int(arguments[3]), dropEvery > 0 else {
    FileHandle.standardError.write(Data("usage: ParquetBench INPUT OUTPUT DROP-EVERY\n".utf8))
    exit(2)
}
let start = Date()
do {
    let reader = try ParquetReader(path: arguments[1])
    let writer = try ParquetWriter(
        path: arguments[2], schema: reader.schema, keyValueMetadata: reader.keyValueMetadata, codec: reader.codec,
        dictionaryColumns: reader.dictionaryEncodedColumns)
    var first = 0
    var kept = 0
    for index in 0..<reader.rowGroupCount {
        let group = try reader.readRowGroup(index)
        let rows = (0..<group.rowCount).filter { (first + $0) % dropEvery != 0 }
        try writer.write(group.filtered(keeping: rows))
        first += group.rowCount
        kept += rows.count
    }
    try writer.close()
    print("rows kept: \(kept) of \(reader.rowCount)")
    print(String(format: "seconds: %.3f", Date().timeIntervalSince(start)))
} catch {
    FileHandle.standardError.write(Data("ParquetBench: \(error)\n".utf8))
    exit(1)
}
