import Dispatch
import Foundation
import MarketModel

/// Runs `notify_command` (by `/bin/sh -c`) once per signal with the signal's JSON on stdin.
///
/// Runs happen one at a time on a background queue, so `run` never blocks its caller; at most
/// `queueLimit` wait, later ones are dropped and logged. A command still running after
/// `timeout` is killed with its whole process group: the command is spawned as a group leader
/// (`posix_spawn` with `POSIX_SPAWN_SETPGROUP`, which Foundation's `Process` cannot do), so a
/// `sh -c 'slow | pipeline'` leaves no orphans behind. Failures are logged, never thrown.
public final class CommandNotifier: Sendable {
    public let command: String
    public let timeout: Double
    public let queueLimit: Int
    private let log: @Sendable (String) -> Void
    private let queue = DispatchQueue(label: "thebot.signals.notify-command", qos: .utility)
    private let waiting = Locked(0)

    public init(command: String, timeout: Double = 5, queueLimit: Int = 64,
                log: @escaping @Sendable (String) -> Void) {
        self.command = command
        self.timeout = timeout
        self.queueLimit = max(1, queueLimit)
        self.log = log
        // Writing to a command that exited without reading its stdin must fail with EPIPE,
        // not kill the monitor; the child gets the default disposition back at spawn.
        signal(SIGPIPE, SIG_IGN)
    }

    /// Queues one run with `input` on stdin; returns at once.
    public func run(input: Data) {
        let accepted = waiting.withLock { n in
            guard n < queueLimit else { return false }
            n += 1
            return true
        }
        guard accepted else {
            log("notify_command is still busy with \(queueLimit) signals; this one was not sent to it.")
            return
        }
        queue.async {
            self.execute(input)
            self.waiting.withLock { $0 -= 1 }
        }
    }

    /// Blocks until every queued run has finished (tests and shutdown).
    public func waitUntilIdle() {
        queue.sync {}
    }

    private func execute(_ input: Data) {
        var fds: [Int32] = [-1, -1]
        guard pipe(&fds) == 0 else {
            log("notify_command could not start: no pipe (\(String(cString: strerror(errno)))).")
            return
        }
        let (readEnd, writeEnd) = (fds[0], fds[1])
        _ = fcntl(writeEnd, F_SETFD, FD_CLOEXEC)

        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        posix_spawn_file_actions_adddup2(&actions, readEnd, 0)
        posix_spawn_file_actions_addclose(&actions, readEnd)
        posix_spawn_file_actions_addopen(&actions, 1, "/dev/null", O_WRONLY, 0)
        posix_spawn_file_actions_addopen(&actions, 2, "/dev/null", O_WRONLY, 0)

        var attributes = posix_spawnattr_t()
        posix_spawnattr_init(&attributes)
        defer { posix_spawnattr_destroy(&attributes) }
        posix_spawnattr_setflags(&attributes, Int16(POSIX_SPAWN_SETPGROUP | POSIX_SPAWN_SETSIGDEF | POSIX_SPAWN_SETSIGMASK))
        posix_spawnattr_setpgroup(&attributes, 0)
        var defaults = sigset_t()
        sigemptyset(&defaults)
        sigaddset(&defaults, SIGPIPE)
        posix_spawnattr_setsigdefault(&attributes, &defaults)
        var mask = sigset_t()
        sigemptyset(&mask)
        posix_spawnattr_setsigmask(&attributes, &mask)

        let arguments = ["/bin/sh", "-c", command]
        var argv: [UnsafeMutablePointer<CChar>?] = arguments.map { strdup($0) } + [nil]
        defer { for p in argv { free(p) } }
        var pid: pid_t = 0
        let spawned = posix_spawn(&pid, "/bin/sh", &actions, &attributes, &argv, environ)
        close(readEnd)
        guard spawned == 0 else {
            close(writeEnd)
            log("notify_command could not start: \(String(cString: strerror(spawned))).")
            return
        }

        // Non-blocking: a command that never reads must not hold this queue past the timeout.
        _ = fcntl(writeEnd, F_SETFL, fcntl(writeEnd, F_GETFL) | O_NONBLOCK)
        input.withUnsafeBytes { raw in
            var offset = 0
            while offset < raw.count {
                let n = write(writeEnd, raw.baseAddress! + offset, raw.count - offset)
                if n > 0 { offset += n } else if n < 0 && errno == EINTR { continue } else { break }
            }
        }
        close(writeEnd)

        let deadline = DispatchTime.now().uptimeNanoseconds + UInt64(max(0, timeout) * 1e9)
        var status: Int32 = 0
        while true {
            let r = waitpid(pid, &status, WNOHANG)
            if r == pid { break }
            if r < 0 && errno != EINTR { return }
            if DispatchTime.now().uptimeNanoseconds >= deadline {
                kill(-pid, SIGKILL)
                while waitpid(pid, &status, 0) < 0 && errno == EINTR {}
                log("notify_command did not finish within \(Decimals.format(timeout, maxDecimals: 2)) s and was killed.")
                return
            }
            usleep(5_000)
        }
        let signalNumber = status & 0x7F
        if signalNumber != 0 {
            log("notify_command was ended by signal \(signalNumber).")
        } else if (status >> 8) & 0xFF != 0 {
            log("notify_command exited with status \((status >> 8) & 0xFF).")
        }
    }
}
