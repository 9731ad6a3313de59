import ArgumentParser
import Foundation
import Linksieve

/// Turns a library error into one clear line on stderr and exit status 1, instead of a trace.
/// An interrupted run (Ctrl-C or SIGTERM) instead says how to resume and exits with the shell's
/// status for that signal: 130 for SIGINT, 143 for SIGTERM.
enum Failure {
    static func reported<T>(_ body: () throws -> T) throws -> T {
        do {
            return try body()
        } catch let interruption as Interrupted {
            FileHandle.standardError.write(Data("\nlinksieve: \(interruption)\n".utf8))
            throw ExitCode(128 + interruption.signal)
        } catch {
            FileHandle.standardError.write(Data("linksieve: error: \(TerminalText.escaped("\(error)"))\n".utf8))
            throw ExitCode.failure
        }
    }
}
