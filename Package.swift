// swift-tools-version:6.2
import PackageDescription

// Layers, each allowed to import only those below it (see DESIGN.md):
// domain ← formats, storage ← web ← command line.
let package = Package(
    name: "Osmose",
    platforms: [.macOS(.v15)],
    products: [
        .executable(name: "osmose", targets: ["osmose"]),
        // For the fuzz targets in Fuzz/, a package of their own that builds these with libFuzzer.
        .library(name: "OsmoseDomain", targets: ["OsmoseDomain"]),
        .library(name: "OsmoseFormats", targets: ["OsmoseFormats"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.8.2"),
        .package(url: "https://github.com/groue/GRDB.swift", from: "7.10.0"),
        .package(url: "https://github.com/apple/swift-crypto", from: "3.12.3"),
        .package(url: "https://github.com/hummingbird-project/hummingbird", from: "2.28.1"),
        .package(url: "https://github.com/hummingbird-project/swift-mustache", from: "2.1.1"),
        // Already in Hummingbird's graph; named for the channel handler that answers cached pages.
        .package(url: "https://github.com/apple/swift-nio", from: "2.101.2"),
        .package(url: "https://github.com/apple/swift-nio-extras", from: "1.35.2"),
    ],
    targets: [
        .target(name: "OsmoseDomain"),
        .target(
            name: "OsmoseFormats",
            dependencies: [
                "OsmoseDomain",
                .product(name: "Crypto", package: "swift-crypto"),
            ]
        ),
        .target(
            name: "OsmoseStorage",
            dependencies: [
                "OsmoseDomain",
                .product(name: "GRDB", package: "GRDB.swift"),
                // SHA-256 of guest links' tokens, the only form in which the ledger keeps them.
                .product(name: "Crypto", package: "swift-crypto"),
                // The system SQLite GRDB links, for the bulk insert of imports.
                .product(name: "GRDBSQLite", package: "GRDB.swift"),
            ]
        ),
        .target(
            name: "OsmoseWeb",
            dependencies: [
                "OsmoseDomain",
                "OsmoseFormats",
                "OsmoseStorage",
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "Mustache", package: "swift-mustache"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOHTTPTypes", package: "swift-nio-extras"),
            ],
            resources: [.copy("Templates")]
        ),
        .target(
            name: "OsmoseCLI",
            dependencies: [
                "OsmoseDomain",
                "OsmoseFormats",
                "OsmoseStorage",
                "OsmoseWeb",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ]
        ),
        .executableTarget(name: "osmose", dependencies: ["OsmoseCLI"]),
        .testTarget(name: "OsmoseDomainTests", dependencies: ["OsmoseDomain"]),
        .testTarget(name: "OsmoseFormatsTests", dependencies: ["OsmoseFormats"], resources: [.copy("Fixtures")]),
        .testTarget(name: "OsmoseStorageTests", dependencies: ["OsmoseStorage"]),
        .testTarget(
            name: "OsmoseWebTests",
            dependencies: ["OsmoseWeb", "OsmoseStorage", .product(name: "HummingbirdTesting", package: "hummingbird")]
        ),
        .testTarget(name: "OsmoseCLITests", dependencies: ["osmose", "OsmoseCLI", "OsmoseStorage", "OsmoseFormats"]),
    ],
    swiftLanguageModes: [.v6]
)
