import Foundation
import GRDB
import MarketModel

/// Every signal, in SQLite (WAL mode, file mode 0600), so the history survives restarts.
///
/// `append` returns only after its transaction has committed: call it before a signal is shown
/// and "shown" implies "stored". `synchronous = NORMAL` in WAL mode makes a commit survive
/// the application crashing (not a power cut), which keeps a burst of 1000 signals/s cheap.
public final class SignalStore: Sendable {
    public let path: String
    let database: DatabaseQueue

    /// `$XDG_STATE_HOME/thebot/signals.sqlite`, else `~/.local/state/thebot/signals.sqlite`.
    public static func defaultPath(environment: [String: String] = ProcessInfo.processInfo.environment) -> String {
        if let state = environment["XDG_STATE_HOME"], state.hasPrefix("/") {
            return state + "/thebot/signals.sqlite"
        }
        let home = environment["HOME"].flatMap { $0.isEmpty ? nil : $0 } ?? NSHomeDirectory()
        return home + "/.local/state/thebot/signals.sqlite"
    }

    /// Opens (creating folder, file and schema when missing) the store at `path`.
    public init(path: String = SignalStore.defaultPath()) throws(SignalStoreError) {
        self.path = path
        try SignalStore.prepareFile(at: path)
        var config = Configuration()
        config.journalMode = .wal
        config.busyMode = .timeout(5)
        config.label = "thebot.signals"
        config.prepareDatabase { db in
            try db.execute(sql: "PRAGMA synchronous = NORMAL")
            // The history is appended to and read in small pieces: a 256 KiB page cache is plenty,
            // and it keeps a monitor that runs for weeks from growing by SQLite's 2 MiB default.
            try db.execute(sql: "PRAGMA cache_size = -256")
        }
        do {
            database = try DatabaseQueue(path: path, configuration: config)
            try SignalStore.migrator.migrate(database)
        } catch {
            throw .cannotOpen(path: path, reason: SignalStore.reason(error))
        }
        // SQLite gives the -wal and -shm files the database file's mode, so 0600 holds for all;
        // ones left looser by an older run are tightened too.
        for file in [path, path + "-wal", path + "-shm"] { PrivateFiles.tightenFile(file) }
    }

    /// Stores one signal; returns once committed.
    public func append(_ signal: Signal) throws(SignalStoreError) {
        try append(contentsOf: [signal])
    }

    /// Stores a batch in one transaction; returns once committed.
    public func append(contentsOf signals: [Signal]) throws(SignalStoreError) {
        guard !signals.isEmpty else { return }
        do {
            try database.write { db in
                let insert = try db.cachedStatement(sql: """
                    INSERT OR IGNORE INTO signal (id, time, symbol, interval, rule, direction, strength, price, reason)
                    VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)
                    """)
                for s in signals {
                    try insert.execute(arguments: [
                        s.id.uuidString.lowercased(), s.time, s.symbol.name, s.interval.rawValue, s.rule,
                        s.direction.rawValue, s.strength, s.price.description, s.reason,
                    ])
                }
                try SignalStore.markFired(signals, db)
            }
        } catch {
            throw .writeFailed(path: path, reason: SignalStore.reason(error))
        }
    }

    /// The newest `limit` signals in the order they were recorded (oldest first, newest last):
    /// what fills the signal pane at start.
    public func recent(limit: Int) throws(SignalStoreError) -> [Signal] {
        let rows = try read(sql: "SELECT \(SignalStore.columns) FROM signal ORDER BY seq DESC LIMIT ?",
                            arguments: [max(0, limit)])
        return rows.reversed()
    }

    /// Signals at or after `since` (epoch ms), optionally of one symbol, in time order.
    public func signals(symbol: Symbol? = nil, since: Int64? = nil, limit: Int? = nil) throws(SignalStoreError) -> [Signal] {
        var sql = "SELECT \(SignalStore.columns) FROM signal WHERE time >= ?"
        var arguments: StatementArguments = [since ?? Int64.min]
        if let symbol {
            sql += " AND symbol = ?"
            arguments += [symbol.name]
        }
        sql += " ORDER BY time, seq"
        if let limit {
            sql += " LIMIT ?"
            arguments += [limit]
        }
        return try read(sql: sql, arguments: arguments)
    }

    public func count() throws(SignalStoreError) -> Int {
        do {
            return try database.read { db in try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM signal") ?? 0 }
        } catch {
            throw .readFailed(path: path, reason: SignalStore.reason(error))
        }
    }

    /// Deletes signals older than `cutoff` (epoch ms); returns how many went.
    @discardableResult
    public func deleteOlder(than cutoff: Int64) throws(SignalStoreError) -> Int {
        do {
            return try database.write { db in
                try db.execute(sql: "DELETE FROM signal WHERE time < ?", arguments: [cutoff])
                return db.changesCount
            }
        } catch {
            throw .writeFailed(path: path, reason: SignalStore.reason(error))
        }
    }

    /// Applies a retention of `days` days before `now` (epoch ms).
    @discardableResult
    public func applyRetention(days: Int, now: Int64 = SignalStore.nowMilliseconds()) throws(SignalStoreError) -> Int {
        try deleteOlder(than: now - Int64(days) * 86_400_000)
    }

    /// SQLite's page cache for the history, in KiB (a bound on what the history holds in memory).
    public func pageCacheKiB() throws(SignalStoreError) -> Int {
        do {
            return try database.read { db in -(try Int.fetchOne(db, sql: "PRAGMA cache_size") ?? 0) }
        } catch {
            throw .readFailed(path: path, reason: SignalStore.reason(error))
        }
    }

    /// The journal mode SQLite reports (`wal` once open).
    public func journalMode() throws(SignalStoreError) -> String {
        do {
            return try database.read { db in try String.fetchOne(db, sql: "PRAGMA journal_mode") ?? "" }
        } catch {
            throw .readFailed(path: path, reason: SignalStore.reason(error))
        }
    }

    public static func nowMilliseconds() -> Int64 {
        wallClockMilliseconds()
    }

    // MARK: - Private

    private static let columns = "id, time, symbol, interval, rule, direction, strength, price, reason"

    private func read(sql: String, arguments: StatementArguments) throws(SignalStoreError) -> [Signal] {
        do {
            return try database.read { db in
                let rows = try Row.fetchCursor(db, sql: sql, arguments: arguments)
                var out: [Signal] = []
                while let row = try rows.next() {
                    if let signal = SignalStore.signal(from: row) { out.append(signal) }
                }
                return out
            }
        } catch {
            throw .readFailed(path: path, reason: SignalStore.reason(error))
        }
    }

    /// Rows that no longer decode (a hand-edited file) are skipped rather than failing the pane.
    private static func signal(from row: Row) -> Signal? {
        let idText: String = row[0]
        let symbolName: String = row[2]
        let intervalText: String = row[3]
        let directionText: String = row[5]
        let priceText: String = row[7]
        guard let id = UUID(uuidString: idText), let interval = Interval(rawValue: intervalText),
              let direction = SignalDirection(rawValue: directionText), let price = ExactDecimal(priceText), let symbol = Symbol(exchangeName: symbolName) else {
            return nil
        }
        return Signal(id: id, time: row[1], symbol: symbol, interval: interval,
                      rule: row[4], direction: direction, strength: row[6], price: price, reason: row[8])
    }

    private static var migrator: DatabaseMigrator {
        var migrator = DatabaseMigrator()
        migrator.registerMigration("v1") { db in
            try db.execute(sql: """
                CREATE TABLE signal (
                    seq INTEGER PRIMARY KEY AUTOINCREMENT,
                    id TEXT NOT NULL UNIQUE,
                    time INTEGER NOT NULL,
                    symbol TEXT NOT NULL,
                    interval TEXT NOT NULL,
                    rule TEXT NOT NULL,
                    direction TEXT NOT NULL,
                    strength REAL NOT NULL,
                    price TEXT NOT NULL,
                    reason TEXT NOT NULL
                );
                CREATE INDEX signal_time ON signal(time);
                CREATE INDEX signal_symbol_time ON signal(symbol, time);
                """)
        }
        registerPriceAlerts(&migrator)
        return migrator
    }

    private static func prepareFile(at path: String) throws(SignalStoreError) {
        do {
            try PrivateFiles.prepareDirectory(forFile: path)
        } catch {
            throw .cannotCreateDirectory(path: error.path, reason: error.reason)
        }
        // Created by us with 0600 before SQLite sees it, so the file is never world-readable;
        // an existing looser one is tightened before SQLite copies its mode to -wal and -shm.
        PrivateFiles.tightenFile(path)
        let fd = open(path, O_CREAT | O_RDWR | O_CLOEXEC, 0o600)
        guard fd >= 0 else {
            throw .cannotOpen(path: path, reason: String(cString: strerror(errno)))
        }
        close(fd)
    }

    static func reason(_ error: Error) -> String {
        if let db = error as? DatabaseError { return db.message ?? "\(db.resultCode)" }
        return (error as NSError).localizedDescription
    }
}
