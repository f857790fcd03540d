import CFuzzDriver
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// One input from libFuzzer, as bytes.
public typealias FuzzTest = @convention(c) (UnsafePointer<UInt8>?, Int) -> CInt

/// Runs libFuzzer's driver with `test` (it reads libFuzzer's flags from the command line) and
/// exits with its status: 0 when the run ended without a finding.
public func runFuzzer(_ test: FuzzTest) -> Never {
    var argc = CommandLine.argc
    var argv: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>? = CommandLine.unsafeArgv
    exit(LLVMFuzzerRunDriver(&argc, &argv, test))
}

/// A broken property (two decoders that disagree, a value that does not round-trip): said on
/// standard error, then the process aborts so that libFuzzer saves the input as a crash.
public func fail(_ what: String) -> Never {
    let line = Array("FUZZ FINDING: \(what)\n".utf8)
    _ = line.withUnsafeBytes { write(2, $0.baseAddress, $0.count) }
    abort()
}

/// The input as text, invalid UTF-8 repaired as `String(decoding:)` does (files are read so).
public func text(_ data: UnsafePointer<UInt8>?, _ size: Int) -> String {
    String(decoding: UnsafeRawBufferPointer(start: data, count: size), as: UTF8.self)
}
