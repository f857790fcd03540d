// swift-tools-version: 6.1
// libFuzzer harnesses for thebot's parsers. Built and run by `make fuzz` (scripts/fuzz.sh):
//   swift build -c release --package-path Fuzz --scratch-path .build-fuzz \
//     -Xswiftc -sanitize=fuzzer,address
// The main package's targets are compiled with the same flags, so the fuzzer sees their
// coverage; nothing here is part of `make build` or `make test`.
import PackageDescription

// SwiftPM links an executable with `--defsym main=<Module>_main`; with libFuzzer's own `main`
// in the link, gold fails, lld takes the harness's main (which calls LLVMFuzzerRunDriver).
let harnessLinking: [LinkerSetting] = [.unsafeFlags(["-use-ld=lld"])]

func harness(_ name: String, _ products: [String]) -> Target {
    .executableTarget(name: name,
                      dependencies: ["FuzzSupport"] + products.map { .product(name: $0, package: "thebot") },
                      linkerSettings: harnessLinking)
}

let package = Package(
    name: "thebot-fuzz",
    platforms: [.macOS(.v15)],
    dependencies: [.package(name: "thebot", path: "..")],
    targets: [
        .target(name: "CFuzzDriver"),
        .target(name: "FuzzSupport", dependencies: ["CFuzzDriver"]),
        harness("fuzz-stream", ["Binance", "MarketData", "MarketModel"]),
        harness("fuzz-rest", ["Binance", "MarketModel"]),
        harness("fuzz-config", ["App"]),
        harness("fuzz-theme", ["TUI"]),
        harness("fuzz-indicators", ["Indicators"]),
        harness("fuzz-rules", ["Signals", "Indicators"]),
        harness("fuzz-csv", ["Indicators"]),
        harness("fuzz-decimal", ["MarketModel"]),
    ],
    swiftLanguageModes: [.v6]
)
