import ArgumentParser
import Foundation

/// Turns a library error into one clear line on stderr and exit status 1, instead of a trace.
enum Failure {
    static func reported<T>(_ body: () throws -> T) throws -> T {
        do {
            return try body()
        } catch {
            FileHandle.standardError.write(Data("linksieve: error: \(error)\n".utf8))
            throw ExitCode.failure
        }
    }
}
