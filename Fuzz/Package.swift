// swift-tools-version:6.2
import PackageDescription

// libFuzzer targets for every reader in OsmoseFormats, kept out of the main package so that its
// build and tests never need the sanitizers. Built and run by .ci/fuzz:
//   swift build --package-path Fuzz -c release --sanitize=fuzzer --sanitize=address
let package = Package(
    name: "OsmoseFuzz",
    platforms: [.macOS(.v15)],
    dependencies: [
        .package(name: "Osmose", path: ".."),
    ],
    targets: [
        .executableTarget(
            name: "osmose-fuzz",
            dependencies: [
                .product(name: "OsmoseDomain", package: "Osmose"),
                .product(name: "OsmoseFormats", package: "Osmose"),
            ],
            // libFuzzer brings `main`: the module is a library with a C entry point.
            swiftSettings: [.unsafeFlags(["-parse-as-library"])]
        ),
    ],
    swiftLanguageModes: [.v6]
)
