import ArgumentParser
import Foundation
import Linksieve
import LoopbackServers

/// `linksieve demo`: the pipeline end to end on generated, benign images served from 127.0.0.1.
struct DemoCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "demo",
        abstract: "Run the whole pipeline on a loopback server with generated images, and check the result.",
        discussion: """
            Generates images in all four formats, serves them on 127.0.0.1, writes a manifest and hash lists that \
            plant exact, near-duplicate and URL matches (plus missing, non-image and malformed rows), scans it, and \
            checks that every row ended where it was planted. Exits non-zero if any did not. A rerun replaces \
            the outputs of an earlier demo in <dir>/out, but refuses a folder holding other files unless --force.
            """)

    @Option(
        name: .long, parsing: .unconditional, help: "Rows in the generated manifest, at least 20 so that every case is planted (default: 200).",
        transform: NumericOption.integer("--images", 20...1_000_000))
    var images = 200

    @Option(name: .long, help: "Working directory for the manifest, lists and outputs.")
    var dir = "linksieve-demo"

    @Flag(help: "Delete <dir>/out even when it holds files the demo did not write.")
    var force = false

    func run() throws {
        var demo = DemoRun(directory: dir)
        demo.imageCount = images
        demo.force = force
        demo.showProgress = isatty(STDERR_FILENO) == 1
        print("generating \(images) images and serving them on 127.0.0.1 …")
        let outcome = try Failure.reported { try demo.run() }
        print(outcome.report.oneLine)
        print("manifest: \(dir)/manifest.csv   lists: \(dir)/lists/   outputs: \(outcome.options.outputDirectory)/")
        print("HTTP requests served: \(outcome.requests) (URL-listed rows are never fetched)")
        if outcome.mismatches.isEmpty {
            print("every row ended where the dataset planted it")
        } else {
            outcome.mismatches.forEach { print("MISMATCH \($0)") }
            throw ExitCode.failure
        }
    }
}
