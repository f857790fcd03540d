import ArgumentParser
import Bus
import Foundation

/// How to log in to NATS, shared by `serve` and every `--feed` viewer. Secrets may come from
/// the environment (THEBOT_NATS_PASSWORD, THEBOT_NATS_TOKEN, THEBOT_NATS_CREDS) so they stay
/// off the command line; none of them is ever printed.
struct BusAuthFlags: ParsableArguments {
    @Option(name: .customLong("nats-creds"), help: "NATS credentials file (.creds: user JWT and NKey seed).")
    var credentials: String?

    @Option(name: .customLong("nats-user"), help: "NATS user (with --nats-password).")
    var user: String?

    @Option(name: .customLong("nats-password"), help: "NATS password (or THEBOT_NATS_PASSWORD).")
    var password: String?

    @Option(name: .customLong("nats-token"), help: "NATS token (or THEBOT_NATS_TOKEN).")
    var token: String?

    /// The login's shape (one way, user with password, a readable creds file), checked while the
    /// command line is parsed.
    func validate() throws {
        do {
            try options(url: "nats://127.0.0.1:4222").validate()
        } catch let error as BusError {
            throw ValidationError(error.description)
        }
    }

    func options(url: String) -> BusOptions {
        let env = ProcessInfo.processInfo.environment
        let fromEnv = credentials == nil && user == nil && token == nil
        return BusOptions(url: url,
                          credentialsFile: credentials ?? (fromEnv ? env["THEBOT_NATS_CREDS"] : nil),
                          user: user,
                          password: password ?? (user != nil ? env["THEBOT_NATS_PASSWORD"] : nil),
                          token: token ?? (fromEnv && env["THEBOT_NATS_CREDS"] == nil ? env["THEBOT_NATS_TOKEN"] : nil))
    }

    /// Connects, turning every failure into the user's one sentence.
    func connect(url: String, onEvent: @escaping @Sendable (BusEvent) -> Void = { _ in }) throws -> BusConnection {
        do {
            return try BusConnection.connect(options(url: url), onEvent: onEvent)
        } catch let error as BusError {
            throw UserError(error.description)
        }
    }
}
