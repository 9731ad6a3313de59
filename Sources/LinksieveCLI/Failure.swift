import ArgumentParser
import Foundation
import Linksieve

/// Turns a library error into one clear line on stderr and exit status 1, instead of a trace.
/// An interrupted run (Ctrl-C or SIGTERM) instead says how to resume and exits with the shell's
/// status for that signal: 130 for SIGINT, 143 for SIGTERM.
enum Failure {
    /// Exit status when another run holds the output directory's lock (EX_TEMPFAIL: try again later).
    static let lockedExitCode: Int32 = 75

    static func reported<T>(_ body: () throws -> T) throws -> T {
        do {
            return try body()
        } catch let interruption as Interrupted {
            FileHandle.standardError.write(Data("\nlinksieve: \(interruption)\n".utf8))
            throw ExitCode(128 + interruption.signal)
        } catch {
            report(error)
            throw exitCode(for: error)
        }
    }

    static func report(_ error: any Error) {
        FileHandle.standardError.write(Data("linksieve: error: \(TerminalText.escaped("\(error)"))\n".utf8))
    }

    static func exitCode(for error: any Error) -> ExitCode {
        if case OutputError.locked = error { return ExitCode(lockedExitCode) }
        return .failure
    }
}
