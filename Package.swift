// swift-tools-version: 6.1
import PackageDescription

let package = Package(
    name: "thebot",
    platforms: [.macOS(.v15)],
    products: [
        .executable(name: "thebot", targets: ["thebot"]),
        // The parsers' modules, for the libFuzzer harnesses in Fuzz/ (a package of its own).
        .library(name: "MarketModel", targets: ["MarketModel"]),
        .library(name: "Binance", targets: ["Binance"]),
        .library(name: "MarketData", targets: ["MarketData"]),
        .library(name: "Indicators", targets: ["Indicators"]),
        .library(name: "Signals", targets: ["Signals"]),
        .library(name: "TUI", targets: ["TUI"]),
        .library(name: "App", targets: ["App"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-nio", from: "2.101.2"),
        .package(url: "https://github.com/apple/swift-nio-ssl", from: "2.37.6"),
        .package(url: "https://github.com/swift-server/async-http-client", from: "1.37.0"),
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.8.2"),
        .package(url: "https://github.com/groue/GRDB.swift", from: "7.10.0"),
        .package(url: "https://github.com/LebJe/TOMLKit", from: "0.6.0"),
        .package(url: "https://github.com/HdrHistogram/hdrhistogram-swift", from: "0.2.0"),
    ],
    targets: [
        // Pure market model: symbols, intervals, exact decimals, candles. No dependencies.
        .target(name: "MarketModel"),
        // The Binance venue: its wire format (byte-level stream decoder, REST bodies, stream
        // names) and the adapter that plugs it into MarketData's venue seam.
        .target(name: "Binance", dependencies: ["MarketModel", "MarketData"]),
        // Pure indicator math. No dependencies.
        .target(name: "Indicators"),
        // The venue-neutral exchange edge: the venue seam, WebSocket connections, reconnects,
        // backfill, the REST client, order books. Names no exchange.
        .target(name: "MarketData", dependencies: [
            "MarketModel",
            .product(name: "NIOCore", package: "swift-nio"),
            .product(name: "NIOPosix", package: "swift-nio"),
            .product(name: "NIOHTTP1", package: "swift-nio"),
            .product(name: "NIOWebSocket", package: "swift-nio"),
            .product(name: "NIOFoundationCompat", package: "swift-nio"),
            .product(name: "NIOSSL", package: "swift-nio-ssl"),
            .product(name: "AsyncHTTPClient", package: "async-http-client"),
        ]),
        // Binance-compatible exchange on loopback. Shares only the model with the client.
        .target(name: "Simulator", dependencies: [
            "MarketModel",
            .product(name: "NIOCore", package: "swift-nio"),
            .product(name: "NIOPosix", package: "swift-nio"),
            .product(name: "NIOHTTP1", package: "swift-nio"),
            .product(name: "NIOWebSocket", package: "swift-nio"),
        ]),
        .target(name: "Signals", dependencies: [
            "MarketModel", "Indicators",
            .product(name: "GRDB", package: "GRDB.swift"),
        ]),
        // The one owner of each series' state (bars, indicators, rule states), read by every consumer.
        .target(name: "MarketState", dependencies: ["MarketModel", "MarketData", "Indicators", "Signals"]),
        .systemLibrary(name: "CNCurses", path: "Sources/CNCurses", providers: [.apt(["libncursesw5-dev"])]),
        // The official NATS C client (JetStream included) and the small Swift side over it.
        .systemLibrary(name: "CNats", path: "Sources/CNats", providers: [.apt(["libnats-dev"])]),
        .target(name: "Bus", dependencies: ["CNats", "MarketModel"]),
        .target(name: "TUI", dependencies: ["CNCurses", "MarketModel", "TOMLKit"]),
        // The monitor's presenter: feed updates, keys and pickers in, a `MonitorState` out.
        // No App, no NIO, no ncurses: it is tested without a terminal or a network.
        .target(name: "Presenter", dependencies: ["MarketModel", "Indicators", "MarketData", "MarketState", "Signals", "TUI"]),
        // LeakSanitizer's suppressions for third-party leaks, only in AddressSanitizer builds.
        .target(name: "SanitizerDefaults"),
        // Commands, configuration and wiring; the executable only calls into it.
        .target(name: "App", dependencies: [
            "MarketModel", "Binance", "Indicators", "MarketData", "MarketState", "Simulator", "Signals", "TUI", "Presenter", "Bus",
            "SanitizerDefaults",
            .product(name: "ArgumentParser", package: "swift-argument-parser"),
            "TOMLKit",
        ]),
        .executableTarget(name: "thebot", dependencies: ["App"]),
        .executableTarget(name: "thebot-bench", dependencies: [
            "MarketModel", "Binance", "Indicators", "MarketData", "MarketState", "Simulator", "TUI", "Signals",
            .product(name: "Histogram", package: "hdrhistogram-swift"),
            .product(name: "AsyncHTTPClient", package: "async-http-client"),
            .product(name: "NIOPosix", package: "swift-nio"),
        ], path: "Sources/thebot-bench"),

        .testTarget(name: "MarketModelTests", dependencies: ["MarketModel"]),
        .testTarget(name: "BinanceTests", dependencies: ["Binance", "MarketModel"]),
        .testTarget(name: "IndicatorsTests", dependencies: ["Indicators"]),
        .testTarget(name: "MarketDataTests", dependencies: [
            "MarketData", "Simulator", "Binance", "MarketModel",
            .product(name: "NIOCore", package: "swift-nio"),
            .product(name: "NIOPosix", package: "swift-nio"),
            .product(name: "NIOHTTP1", package: "swift-nio"),
            // The fake venue's WebSocket server and the frame batcher's tests (on an EmbeddedChannel).
            .product(name: "NIOWebSocket", package: "swift-nio"),
            .product(name: "NIOConcurrencyHelpers", package: "swift-nio"),
            .product(name: "NIOEmbedded", package: "swift-nio"),
            .product(name: "AsyncHTTPClient", package: "async-http-client"),
            // The TLS tests' local server (a TLS front for the simulator).
            .product(name: "NIOSSL", package: "swift-nio-ssl"),
        ]),
        .testTarget(name: "SimulatorTests", dependencies: [
            "Simulator", "MarketModel",
            .product(name: "NIOCore", package: "swift-nio"),
            .product(name: "NIOPosix", package: "swift-nio"),
            .product(name: "NIOHTTP1", package: "swift-nio"),
            .product(name: "NIOWebSocket", package: "swift-nio"),
        ]),
        .testTarget(name: "MarketStateTests", dependencies: ["MarketState", "MarketData", "Signals", "Indicators", "MarketModel"]),
        .testTarget(name: "SignalsTests", dependencies: ["Signals", "Indicators", "MarketModel"]),
        .testTarget(name: "TUITests", dependencies: ["TUI", "MarketModel"]),
        .testTarget(name: "PresenterTests", dependencies: ["Presenter", "MarketState", "Signals", "TUI", "MarketData", "Indicators", "MarketModel"]),
        .testTarget(name: "AppTests", dependencies: ["App", "thebot", "Simulator", "MarketModel", "Bus", "TestSanitizerDefaults"]),
        // The test runner's own leak check is off under AddressSanitizer (see runner.c).
        .target(name: "TestSanitizerDefaults", path: "Tests/SanitizerDefaults"),
    ],
    swiftLanguageModes: [.v6]
)
