import Foundation

/// The AddressSanitizer and LeakSanitizer variables of the test runner's environment, for the
/// processes tests start with an environment of their own. `make test-asan` sets
/// ASAN_SYMBOLIZER_PATH: without a symbolizer a leak report has no function names, and the
/// suppressions of third-party leaks (Sources/SanitizerDefaults) cannot match. Empty otherwise.
enum SanitizerEnvironment {
    static var variables: [String: String] {
        ProcessInfo.processInfo.environment.filter { $0.key.hasPrefix("ASAN_") || $0.key.hasPrefix("LSAN_") }
    }

    /// As `NAME=value` entries.
    static var assignments: [String] { variables.map { "\($0.key)=\($0.value)" }.sorted() }
}
