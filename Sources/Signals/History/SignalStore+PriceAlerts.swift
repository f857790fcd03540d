import Foundation
import GRDB
import MarketModel

/// Price alerts live in the signal history's database: an alert and the signal it fires are
/// committed together (`append` marks the alert fired in the same transaction).
extension SignalStore {
    /// Stores an alert; one with the same id (a config line seen before) is left as it is.
    public func add(_ alert: PriceAlert) throws(SignalStoreError) {
        try write { db in
            try db.execute(sql: """
                INSERT OR IGNORE INTO price_alert (id, symbol, side, price, created) VALUES (?, ?, ?, ?, ?)
                """, arguments: [alert.id.uuidString.lowercased(), alert.symbol.name, alert.side.rawValue,
                                 alert.price.description, alert.createdMs])
        }
    }

    /// Removes an alert, fired or not.
    public func deletePriceAlert(id: UUID) throws(SignalStoreError) {
        try write { db in
            try db.execute(sql: "DELETE FROM price_alert WHERE id = ?", arguments: [id.uuidString.lowercased()])
        }
    }

    /// Alerts that have not fired yet, oldest first.
    public func activePriceAlerts() throws(SignalStoreError) -> [PriceAlert] {
        do {
            return try database.read { db in
                let rows = try Row.fetchAll(db, sql: """
                    SELECT id, symbol, side, price, created FROM price_alert WHERE fired IS NULL ORDER BY created, rowid
                    """)
                return rows.compactMap { row -> PriceAlert? in
                    let idText: String = row[0], symbolText: String = row[1], sideText: String = row[2]
                    let priceText: String = row[3]
                    guard let id = UUID(uuidString: idText), let side = PriceAlert.Side(rawValue: sideText),
                          let price = ExactDecimal(priceText), let symbol = Symbol(exchangeName: symbolText) else { return nil }
                    return PriceAlert(id: id, symbol: symbol, side: side, price: price,
                                      createdMs: row[4])
                }
            }
        } catch {
            throw .readFailed(path: path, reason: SignalStore.reason(error))
        }
    }

    /// Inside `append`'s transaction: the alerts whose signals are in the batch are fired.
    static func markFired(_ signals: [Signal], _ db: Database) throws {
        for s in signals where s.rule == PriceAlert.ruleName {
            try db.execute(sql: "UPDATE price_alert SET fired = ? WHERE id = ? AND fired IS NULL",
                           arguments: [s.time, s.id.uuidString.lowercased()])
        }
    }

    static func registerPriceAlerts(_ migrator: inout DatabaseMigrator) {
        migrator.registerMigration("v2-price-alerts") { db in
            try db.execute(sql: """
                CREATE TABLE price_alert (
                    id TEXT PRIMARY KEY NOT NULL,
                    symbol TEXT NOT NULL,
                    side TEXT NOT NULL,
                    price TEXT NOT NULL,
                    created INTEGER NOT NULL,
                    fired INTEGER
                );
                """)
        }
    }

    private func write(_ body: (Database) throws -> Void) throws(SignalStoreError) {
        do {
            try database.write { db in try body(db) }
        } catch {
            throw .writeFailed(path: path, reason: SignalStore.reason(error))
        }
    }
}
