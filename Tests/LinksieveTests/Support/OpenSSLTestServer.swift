import Foundation

#if canImport(Glibc)
import Glibc
#endif

/// An HTTPS server for tests: a throwaway certificate for 127.0.0.1 made with `openssl req`, and
/// `openssl s_server -WWW` serving a temporary directory from 127.0.0.1 on a port it picks.
/// The child process and the directory go away on `stop`.
final class OpenSSLTestServer {
    enum Failure: Error, CustomStringConvertible {
        case openssl(String)

        var description: String {
            switch self {
            case .openssl(let detail): "openssl test server: \(detail)"
            }
        }
    }

    let directory: URL
    let port: Int
    private let process: Process

    /// PEM of the self-signed certificate, to pass as a CA bundle.
    var certificatePath: String { directory.appendingPathComponent("cert.pem").path }
    var baseURL: String { "https://127.0.0.1:\(port)" }

    /// Starts a server whose document root holds `files` (name → bytes).
    init(files: [String: [UInt8]]) throws {
        directory = FileManager.default.temporaryDirectory.appendingPathComponent("linksieve-tls-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        for (name, bytes) in files {
            try Data(bytes).write(to: directory.appendingPathComponent(name))
        }
        try Self.run([
            "req", "-x509", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:prime256v1", "-nodes",
            "-keyout", "key.pem", "-out", "cert.pem", "-days", "1", "-subj", "/CN=127.0.0.1",
            "-addext", "subjectAltName=IP:127.0.0.1",
        ], in: directory)

        process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/openssl")
        process.arguments = ["s_server", "-accept", "127.0.0.1:0", "-cert", "cert.pem", "-key", "key.pem", "-WWW"]
        process.currentDirectoryURL = directory
        let output = Pipe()
        process.standardOutput = output
        process.standardError = FileHandle.nullDevice
        process.standardInput = FileHandle.nullDevice
        try process.run()

        // s_server announces the port it bound: "ACCEPT 127.0.0.1:PORT".
        var announced = ""
        let deadline = Date().addingTimeInterval(10)
        var found: Int?
        while found == nil, Date() < deadline, process.isRunning {
            let data = output.fileHandleForReading.availableData
            if data.isEmpty { break }
            announced += String(decoding: data, as: UTF8.self)
            if let range = announced.range(of: "ACCEPT 127.0.0.1:") {
                let digits = announced[range.upperBound...].prefix { $0.isNumber }
                if announced[range.upperBound...].dropFirst(digits.count).first != nil { found = Int(digits) }
            }
        }
        guard let found else {
            Self.kill(process)
            try? FileManager.default.removeItem(at: directory)
            throw Failure.openssl("s_server did not announce a port: \(announced)")
        }
        port = found
    }

    deinit {
        stop()
    }

    func stop() {
        if process.isRunning { Self.kill(process) }
        try? FileManager.default.removeItem(at: directory)
    }

    /// SIGKILL, because the child inherits the test process's blocked signal mask, SIGTERM included.
    private static func kill(_ process: Process) {
        _ = Glibc.kill(process.processIdentifier, SIGKILL)
        process.waitUntilExit()
    }

    private static func run(_ arguments: [String], in directory: URL) throws {
        let child = Process()
        child.executableURL = URL(fileURLWithPath: "/usr/bin/openssl")
        child.arguments = arguments
        child.currentDirectoryURL = directory
        child.standardOutput = FileHandle.nullDevice
        child.standardError = FileHandle.nullDevice
        try child.run()
        child.waitUntilExit()
        guard child.terminationStatus == 0 else {
            throw Failure.openssl("openssl \(arguments.first ?? "") exited with \(child.terminationStatus)")
        }
    }
}
