import Foundation
internal import CSQLite

/// A thin, throwing wrapper over one SQLite connection: just what the state store needs.
final class SQLiteDatabase {
    private var handle: OpaquePointer?
    let path: String

    /// `readOnly` opens an existing database for reading only (never creating it).
    init(path: String, readOnly: Bool = false) throws(StateError) {
        self.path = path
        // NOFOLLOW: a symlink planted at the database's path is refused, not written through.
        let access = readOnly ? SQLITE_OPEN_READONLY : SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE
        let flags = access | SQLITE_OPEN_NOMUTEX | SQLITE_OPEN_NOFOLLOW
        guard sqlite3_open_v2(path, &handle, flags, nil) == SQLITE_OK else {
            let message = handle.map { String(cString: sqlite3_errmsg($0)) } ?? "out of memory"
            sqlite3_close(handle)
            handle = nil
            throw .database(path: path, message: message)
        }
        sqlite3_busy_timeout(handle, 5_000)
    }

    deinit { sqlite3_close_v2(handle) }

    func execute(_ sql: String) throws(StateError) {
        var error: UnsafeMutablePointer<CChar>?
        guard sqlite3_exec(handle, sql, nil, nil, &error) == SQLITE_OK else {
            let message = error.map { String(cString: $0) } ?? "unknown error"
            sqlite3_free(error)
            throw .database(path: path, message: "\(message) in: \(sql.prefix(80))")
        }
    }

    func prepare(_ sql: String) throws(StateError) -> SQLiteStatement {
        var statement: OpaquePointer?
        guard sqlite3_prepare_v2(handle, sql, -1, &statement, nil) == SQLITE_OK, let statement else {
            throw .database(path: path, message: "\(lastError) in: \(sql.prefix(80))")
        }
        return SQLiteStatement(statement, database: self)
    }

    var lastError: String { String(cString: sqlite3_errmsg(handle)) }

    /// Copies this whole database, page by page, into `destination` (SQLite's online backup).
    func backup(into destination: SQLiteDatabase) throws(StateError) {
        guard let backup = sqlite3_backup_init(destination.handle, "main", handle, "main") else {
            throw .database(path: destination.path, message: destination.lastError)
        }
        let code = sqlite3_backup_step(backup, -1)
        sqlite3_backup_finish(backup)
        guard code == SQLITE_DONE else { throw .database(path: destination.path, message: destination.lastError) }
    }
}

/// One prepared statement, reset after each use so it can be bound again.
final class SQLiteStatement {
    private let statement: OpaquePointer
    private let database: SQLiteDatabase
    // SQLITE_TRANSIENT: SQLite copies bound text before the call returns.
    private static let transient = unsafeBitCast(-1, to: sqlite3_destructor_type.self)

    init(_ statement: OpaquePointer, database: SQLiteDatabase) {
        self.statement = statement
        self.database = database
    }

    deinit { sqlite3_finalize(statement) }

    /// Binds values to ?1, ?2, … in order.
    func bind(_ values: [SQLiteValue]) {
        sqlite3_reset(statement)
        sqlite3_clear_bindings(statement)
        for (offset, value) in values.enumerated() {
            let index = Int32(offset + 1)
            switch value {
            case .null: sqlite3_bind_null(statement, index)
            case .integer(let v): sqlite3_bind_int64(statement, index, Int64(v))
            case .real(let v): sqlite3_bind_double(statement, index, v)
            case .text(let v):
                // An explicit length, so a value with a NUL byte is stored whole rather than cut there.
                var text = v
                text.withUTF8 { utf8 in
                    if let base = utf8.baseAddress, utf8.count > 0 {
                        _ = base.withMemoryRebound(to: CChar.self, capacity: utf8.count) {
                            sqlite3_bind_text(statement, index, $0, Int32(utf8.count), Self.transient)
                        }
                    } else {
                        sqlite3_bind_text(statement, index, "", 0, Self.transient)
                    }
                }
            }
        }
    }

    /// Runs a statement that returns no rows.
    func run(_ values: [SQLiteValue] = []) throws(StateError) {
        bind(values)
        let code = sqlite3_step(statement)
        sqlite3_reset(statement)
        guard code == SQLITE_DONE || code == SQLITE_ROW else {
            throw .database(path: database.path, message: database.lastError)
        }
    }

    /// Steps to the next row; false when there are no more.
    func step() throws(StateError) -> Bool {
        switch sqlite3_step(statement) {
        case SQLITE_ROW: return true
        case SQLITE_DONE: return false
        default: throw .database(path: database.path, message: database.lastError)
        }
    }

    func reset() { sqlite3_reset(statement) }

    func isNull(_ column: Int) -> Bool { sqlite3_column_type(statement, Int32(column)) == SQLITE_NULL }
    func int(_ column: Int) -> Int { Int(sqlite3_column_int64(statement, Int32(column))) }
    func double(_ column: Int) -> Double { sqlite3_column_double(statement, Int32(column)) }
    func text(_ column: Int) -> String? {
        guard let pointer = sqlite3_column_text(statement, Int32(column)) else { return nil }
        // By length, not up to the first NUL: values keep every byte they were stored with.
        let count = Int(sqlite3_column_bytes(statement, Int32(column)))
        return String(decoding: UnsafeBufferPointer(start: pointer, count: count), as: UTF8.self)
    }
    func optionalInt(_ column: Int) -> Int? { isNull(column) ? nil : int(column) }
}

/// A value bound to a statement parameter.
enum SQLiteValue: Sendable {
    case null
    case integer(Int)
    case real(Double)
    case text(String)

    static func of(_ value: String?) -> SQLiteValue { value.map { .text($0) } ?? .null }
    static func of(_ value: Int?) -> SQLiteValue { value.map { .integer($0) } ?? .null }
}
