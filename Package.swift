// swift-tools-version:6.0
import PackageDescription

// C libraries sit behind thin targets named C…; everything above them is Swift.
let package = Package(
    name: "linksieve",
    // macOS 15 for Synchronization.Mutex.
    platforms: [.macOS(.v15)],
    products: [
        .executable(name: "linksieve", targets: ["LinksieveCLI"]),
        .library(name: "Linksieve", targets: ["Linksieve"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.8.2"),
        // `linksieve review`: the reviewers' web application.
        .package(url: "https://github.com/hummingbird-project/hummingbird", from: "2.28.1"),
        // Header names Hummingbird does not re-export (Sec-Fetch-Site, X-Frame-Options).
        .package(url: "https://github.com/apple/swift-http-types", from: "1.8.0"),
    ],
    targets: [
        // libcurl: curl_easy_setopt is variadic, so typed setters live in a C shim.
        .target(name: "CCurl", linkerSettings: [.linkedLibrary("curl")]),
        // Linux epoll and eventfd for the fetch loop: Swift's Glibc module lacks <sys/epoll.h>.
        .target(name: "CEpoll"),
        // libjpeg, libpng, libwebp, giflib: setjmp-based error handling needs C.
        .target(
            name: "CImageCodecs",
            linkerSettings: [
                .linkedLibrary("jpeg"), .linkedLibrary("png16"),
                .linkedLibrary("webp"), .linkedLibrary("webpdemux"), .linkedLibrary("gif"),
            ]
        ),
        .systemLibrary(name: "COpenSSL", pkgConfig: "libcrypto"),
        .systemLibrary(name: "CSQLite", pkgConfig: "sqlite3"),
        .systemLibrary(name: "CZlib", pkgConfig: "zlib"),
        // libidn2: host names get UTS-46 mapping exactly as libcurl's own IDN conversion does.
        .systemLibrary(name: "CIDN2", pkgConfig: "libidn2"),
        // Parquet page codecs.
        .systemLibrary(name: "CSnappy"),
        .systemLibrary(name: "CZstd", pkgConfig: "libzstd"),
        .systemLibrary(name: "CLZ4", pkgConfig: "liblz4"),
        .systemLibrary(name: "CBrotli", pkgConfig: "libbrotlienc"),
        .target(
            name: "Linksieve",
            dependencies: [
                "CCurl", "CEpoll", "CIDN2", "CImageCodecs", "COpenSSL", "CSQLite", "CZlib", "CSnappy", "CZstd", "CLZ4", "CBrotli",
            ]
        ),
        // Loopback HTTP servers for `linksieve demo` and the tests; kept out of the library users link.
        .target(name: "LoopbackServers", dependencies: ["Linksieve", "CZlib"]),
        // `linksieve review`: queue, match pages, decisions and audit over HTTP on loopback.
        .target(
            name: "LinksieveReview",
            dependencies: [
                "Linksieve", "COpenSSL",
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "HTTPTypes", package: "swift-http-types"),
            ]
        ),
        .executableTarget(
            name: "LinksieveCLI",
            dependencies: [
                "Linksieve",
                "LinksieveReview",
                "LoopbackServers",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ]
        ),
        // Times Parquet read + filter + rewrite for Scripts/bench/parquet.sh.
        .executableTarget(name: "ParquetBench", dependencies: ["Linksieve"]),
        // Builds a state of a million quarantined rows and times the review queue for Scripts/bench/review-queue.sh.
        .executableTarget(name: "ReviewQueueBench", dependencies: ["Linksieve"]),
        .testTarget(name: "LinksieveTests", dependencies: ["Linksieve", "LoopbackServers"]),
        .testTarget(name: "LinksieveReviewTests", dependencies: ["Linksieve", "LinksieveReview"]),
    ],
    swiftLanguageModes: [.v6]
)
