/// Whether a column may hold nulls; `repeated` exists in the format but is refused by the reader.
public enum ParquetRepetition: Int32, Sendable {
    case required = 0, optional = 1, repeated = 2
}
