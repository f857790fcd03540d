import Foundation

/// One line of `thebot doctor`: a verdict, the check's name and one sentence.
struct DoctorLine: Sendable, Equatable {
    enum Verdict: String, Sendable {
        case ok = "ok  "
        case warn = "warn"
        case fail = "FAIL"
        /// Not checked because an earlier check of the same thing failed.
        case skip = "skip"
    }

    var verdict: Verdict
    var check: String
    var sentence: String

    init(_ verdict: Verdict, _ check: String, _ sentence: String) {
        self.verdict = verdict
        self.check = check
        self.sentence = sentence
    }

    /// `FAIL  config      <sentence>`: the name padded so the sentences line up.
    var text: String {
        let name = check.count >= 12 ? check : check + String(repeating: " ", count: 12 - check.count)
        return "\(verdict.rawValue)  \(name) \(DoctorText.clean(sentence))"
    }
}

enum DoctorText {
    /// One printable line: control characters (an escape in $TERM, a newline in an error) become spaces.
    static func clean(_ text: String) -> String {
        String(String.UnicodeScalarView(text.unicodeScalars.map { scalar in
            scalar.properties.generalCategory == .control ? " " : scalar
        }))
    }

    /// Milliseconds, readable.
    static func millis(_ seconds: Double) -> String {
        seconds < 1 ? "\(Int((seconds * 1000).rounded())) ms" : String(format: "%.1f s", seconds)
    }
}

/// Runs blocking work (getaddrinfo, a subprocess) off the cooperative pool, and gives up after
/// `seconds` with `fallback`: the work may go on in the background, the doctor does not wait.
func doctorBlocking<T: Sendable>(timeout seconds: Double, fallback: T, _ work: @escaping @Sendable () -> T) async -> T {
    await withCheckedContinuation { (continuation: CheckedContinuation<T, Never>) in
        let once = DoctorOnce(continuation)
        DispatchQueue.global().async { once.resume(work()) }
        DispatchQueue.global().asyncAfter(deadline: .now() + seconds) { once.resume(fallback) }
    }
}

private final class DoctorOnce<T: Sendable>: @unchecked Sendable {
    private let lock = NSLock()
    private var continuation: CheckedContinuation<T, Never>?
    init(_ continuation: CheckedContinuation<T, Never>) { self.continuation = continuation }
    func resume(_ value: T) {
        lock.lock()
        let c = continuation
        continuation = nil
        lock.unlock()
        c?.resume(returning: value)
    }
}

/// Runs a program with a time limit; nil when it cannot be started or does not finish in time.
func doctorRun(_ arguments: [String], timeout: Double = 2) async -> (status: Int32, output: String)? {
    guard let executable = doctorFindExecutable(arguments[0]) else { return nil }
    return await doctorBlocking(timeout: timeout + 0.5, fallback: nil) {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: executable)
        process.arguments = Array(arguments.dropFirst())
        let pipe = Pipe()
        process.standardOutput = pipe
        process.standardError = FileHandle.nullDevice
        process.standardInput = FileHandle.nullDevice
        do { try process.run() } catch { return nil }
        let deadline = Date().addingTimeInterval(timeout)
        let reader = DispatchQueue(label: "doctor.read")
        let data = DoctorData()
        let done = DispatchSemaphore(value: 0)
        reader.async {
            data.bytes = pipe.fileHandleForReading.readDataToEndOfFile()
            done.signal()
        }
        while process.isRunning && Date() < deadline { usleep(10_000) }
        if process.isRunning {
            process.terminate()
            return nil
        }
        process.waitUntilExit()
        _ = done.wait(timeout: .now() + 0.5)
        return (process.terminationStatus, String(decoding: data.bytes, as: UTF8.self))
    }
}

private final class DoctorData: @unchecked Sendable {
    var bytes = Data()
}

func doctorFindExecutable(_ name: String) -> String? {
    if name.contains("/") { return FileManager.default.isExecutableFile(atPath: name) ? name : nil }
    let path = ProcessInfo.processInfo.environment["PATH"] ?? "/usr/local/bin:/usr/bin:/bin"
    for dir in path.split(separator: ":") where !dir.isEmpty {
        let candidate = "\(dir)/\(name)"
        if FileManager.default.isExecutableFile(atPath: candidate) { return candidate }
    }
    return nil
}
